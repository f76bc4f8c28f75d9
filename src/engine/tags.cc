#include "engine/tags.h"

#include <algorithm>

#include "engine/errors.h"
#include "engine/model.h"

namespace stepshift::engine {

Status TooManyTags(const std::string& resource_arn) {
  return AwsError("TooManyTags", "Too many tags for resource: '" + resource_arn + "'");
}

Status MergeTags(Tags& tags, const Tags& given, const std::string& resource_arn) {
  Tags merged = tags;
  for (const auto& tag : given) {
    auto it = std::find_if(merged.begin(), merged.end(),
                           [&](const auto& have) { return have.first == tag.first; });
    if (it != merged.end()) {
      it->second = tag.second;
    } else {
      merged.push_back(tag);
    }
  }
  if (merged.size() > internal::kMaxTagsPerResource) {
    return TooManyTags(resource_arn);
  }
  tags = std::move(merged);
  return Status::Ok();
}

void RemoveTags(Tags& tags, const std::vector<std::string>& keys) {
  std::erase_if(tags, [&](const auto& tag) {
    return std::find(keys.begin(), keys.end(), tag.first) != keys.end();
  });
}

}  // namespace stepshift::engine
