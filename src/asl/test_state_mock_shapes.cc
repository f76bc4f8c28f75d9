// TestState's fieldValidationMode: a Task's mocked result checked against the output shape of
// its service integration, with AWS's messages ("Mock result schema validation error: Field
// 'StatusCode' must be a number", recorded in LocalStack's AWS-validated
// test_field_validation_mode.snapshot.json). Fields keep Step Functions' casing (the API's
// members with an upper-case first letter). Only the optimized integrations below carry a shape;
// a field the shape does not know passes, as AWS lets it (forward compatibility).
#include <string_view>

#include "asl/test_state_internal.h"

namespace stepshift::asl::internal {

namespace {

enum class Kind { kString, kInteger, kDouble, kBoolean, kList, kStructure, kMap, kDocument };

struct Field {
  std::string_view name;
  Kind kind;
  bool required = false;
  // kStructure, or kList of structures: the members; nullptr for a list of strings.
  const Field* members = nullptr;
  size_t member_count = 0;
};

template <size_t N>
constexpr Field Struct(std::string_view name, const Field (&m)[N], bool required = false) {
  return Field{name, Kind::kStructure, required, m, N};
}

template <size_t N>
constexpr Field ListOf(std::string_view name, const Field (&m)[N]) {
  return Field{name, Kind::kList, false, m, N};
}

// Lambda Invoke (InvocationResponse).
constexpr Field kLambdaInvoke[] = {{"StatusCode", Kind::kInteger},
                                   {"FunctionError", Kind::kString},
                                   {"LogResult", Kind::kString},
                                   {"Payload", Kind::kDocument},
                                   {"ExecutedVersion", Kind::kString}};
// Step Functions StartExecution.
constexpr Field kStartExecution[] = {{"ExecutionArn", Kind::kString, true},
                                     {"StartDate", Kind::kString, true}};
constexpr Field kSnsPublish[] = {{"MessageId", Kind::kString}, {"SequenceNumber", Kind::kString}};
constexpr Field kSqsSendMessage[] = {{"MD5OfMessageBody", Kind::kString},
                                     {"MD5OfMessageAttributes", Kind::kString},
                                     {"MD5OfMessageSystemAttributes", Kind::kString},
                                     {"MessageId", Kind::kString},
                                     {"SequenceNumber", Kind::kString}};
constexpr Field kEventsEntry[] = {
    {"EventId", Kind::kString}, {"ErrorCode", Kind::kString}, {"ErrorMessage", Kind::kString}};
constexpr Field kEventsPutEvents[] = {{"FailedEntryCount", Kind::kInteger},
                                      ListOf("Entries", kEventsEntry)};
constexpr Field kCapacity[] = {{"CapacityUnits", Kind::kDouble},
                               {"ReadCapacityUnits", Kind::kDouble},
                               {"WriteCapacityUnits", Kind::kDouble}};
constexpr Field kConsumedCapacity[] = {{"TableName", Kind::kString},
                                       {"CapacityUnits", Kind::kDouble},
                                       {"ReadCapacityUnits", Kind::kDouble},
                                       {"WriteCapacityUnits", Kind::kDouble},
                                       Struct("Table", kCapacity),
                                       {"LocalSecondaryIndexes", Kind::kMap},
                                       {"GlobalSecondaryIndexes", Kind::kMap}};
constexpr Field kDynamoGetItem[] = {{"Item", Kind::kMap},
                                    Struct("ConsumedCapacity", kConsumedCapacity)};
constexpr Field kDynamoWrite[] = {{"Attributes", Kind::kMap},
                                  Struct("ConsumedCapacity", kConsumedCapacity),
                                  {"ItemCollectionMetrics", Kind::kStructure}};

struct Integration {
  std::string_view resource;  // arn:aws:states:::<resource>
  const Field* fields;
  size_t count;
};

template <size_t N>
constexpr Integration Of(std::string_view resource, const Field (&f)[N]) {
  return Integration{resource, f, N};
}

constexpr Integration kIntegrations[] = {
    Of("lambda:invoke", kLambdaInvoke),       Of("states:startExecution", kStartExecution),
    Of("sns:publish", kSnsPublish),           Of("sqs:sendMessage", kSqsSendMessage),
    Of("events:putEvents", kEventsPutEvents), Of("dynamodb:getItem", kDynamoGetItem),
    Of("dynamodb:putItem", kDynamoWrite),     Of("dynamodb:updateItem", kDynamoWrite),
    Of("dynamodb:deleteItem", kDynamoWrite),
};

Status ShapeError(std::string_view detail) {
  return ValidationException("Mock result schema validation error: " + std::string(detail));
}

Status TypeError(std::string_view name, std::string_view expected) {
  return ShapeError("Field '" + std::string(name) + "' must be " + std::string(expected));
}

Status CheckStructure(const Field* fields, size_t count, const Object& value, bool strict);

Status CheckValue(const Field& f, const Value& v, bool strict) {
  switch (f.kind) {
    case Kind::kString:
      return v.is_string() ? Status() : TypeError(f.name, "a string");
    case Kind::kInteger:
      return v.is_int64() || v.is_uint64() ? Status() : TypeError(f.name, "a number");
    case Kind::kDouble:
      return v.is_number() ? Status() : TypeError(f.name, "a number");
    case Kind::kBoolean:
      return v.is_bool() ? Status() : TypeError(f.name, "a boolean");
    case Kind::kMap:
      return v.is_object() ? Status() : TypeError(f.name, "an object");
    case Kind::kDocument:
      return Status();
    case Kind::kStructure:
      if (!v.is_object())
        return TypeError(f.name, "an object");
      return CheckStructure(f.members, f.member_count, v.get_object(), strict);
    case Kind::kList:
      if (!v.is_array())
        return TypeError(f.name, "an array");
      for (const Value& item : v.get_array()) {
        if (f.members == nullptr) {
          if (!item.is_string())
            return TypeError(f.name, "a string");
        } else if (!item.is_object()) {
          return TypeError(f.name, "an object");
        } else {
          RETURN_IF_ERROR(CheckStructure(f.members, f.member_count, item.get_object(), strict));
        }
      }
      return Status();
  }
  return Status();
}

Status CheckStructure(const Field* fields, size_t count, const Object& value, bool strict) {
  if (strict) {
    for (size_t i = 0; i < count; ++i) {
      if (fields[i].required && !value.contains(fields[i].name))
        return ShapeError("Required field '" + std::string(fields[i].name) + "' is missing");
    }
  }
  for (const auto& kv : value) {
    for (size_t i = 0; i < count; ++i) {
      if (fields[i].name == kv.key())
        RETURN_IF_ERROR(CheckValue(fields[i], kv.value(), strict));
    }
  }
  return Status();
}

}  // namespace

Status CheckMockShape(const std::string& resource, const Value& result, const std::string& mode) {
  constexpr std::string_view kPrefix = "arn:aws:states:::";
  if (mode == "NONE" || !resource.starts_with(kPrefix) || !result.is_object())
    return Status();
  std::string_view name = std::string_view(resource).substr(kPrefix.size());
  for (const Integration& i : kIntegrations) {
    if (i.resource == name)
      return CheckStructure(i.fields, i.count, result.get_object(), mode == "STRICT");
  }
  return Status();
}

}  // namespace stepshift::asl::internal
