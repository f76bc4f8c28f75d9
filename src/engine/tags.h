// Tag lists as Step Functions keeps them on state machines and activities: keys unique, in the
// order first given, at most kMaxTagsPerResource.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "engine/control_plane.h"

namespace stepshift::engine {

// Adds `given` to `tags`, replacing the value of a key already there; TooManyTags (naming
// `resource_arn`) when the result would be too long, leaving `tags` as it was.
Status MergeTags(Tags& tags, const Tags& given, const std::string& resource_arn);
Status TooManyTags(const std::string& resource_arn);
void RemoveTags(Tags& tags, const std::vector<std::string>& keys);

}  // namespace stepshift::engine
