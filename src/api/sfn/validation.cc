#include "api/sfn/validation.h"

#include <cmath>
#include <cstdio>

namespace stepshift::api {

namespace {

// How Coral names a JSON token that cannot become the expected type.
std::string_view TokenName(const json::Value& value) {
  switch (value.kind()) {
    case boost::json::kind::string:
      return "STRING_VALUE";
    case boost::json::kind::bool_:
      return value.as_bool() ? "TRUE_VALUE" : "FALSE_VALUE";
    case boost::json::kind::object:
      return "START_OBJECT";
    case boost::json::kind::array:
      return "START_ARRAY";
    default:
      return "NUMBER_VALUE";
  }
}

std::string Quoted(std::string_view value) {
  return "'" + std::string(value) + "'";
}

}  // namespace

size_t CharacterCount(std::string_view text) {
  size_t count = 0;
  for (char c : text) {
    count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;  // skip continuation bytes
  }
  return count;
}

RequestReader::RequestReader(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return;  // an empty body is an empty input structure
  }
  Result<json::Value> parsed = json::Parse(body);
  if (!parsed.ok()) {
    TypeError("Malformed request body: " + parsed.status().message());
  } else if (!parsed->is_object()) {
    TypeError(std::string(TokenName(*parsed)) + " can not be converted to a structure");
  } else {
    root_ = std::move(parsed->as_object());
  }
}

void RequestReader::TypeError(std::string message) {
  if (!serialization_error_) {
    serialization_error_ = std::move(message);
  }
}

void RequestReader::Violation(std::string value_part, const std::string& path,
                              std::string constraint) {
  violations_.push_back(value_part + "at '" + path +
                        "' failed to satisfy constraint: " + constraint);
}

void RequestReader::CheckString(const std::string& path, const std::string& value,
                                const StringShape& shape) {
  std::string shown = shape.sensitive ? "Value " : "Value " + Quoted(value) + " ";
  size_t length = CharacterCount(value);
  if (length < shape.min) {
    Violation(shown, path,
              "Member must have length greater than or equal to " + std::to_string(shape.min));
  }
  if (length > shape.max) {
    Violation(shown, path,
              "Member must have length less than or equal to " + std::to_string(shape.max));
  }
  if (value.size() > shape.max_bytes) {
    Violation(shown, path,
              "Member must have size less than or equal to " + std::to_string(shape.max_bytes) +
                  " bytes in UTF-8 encoding");
  }
  if (!shape.enum_values.empty()) {
    bool known = false;
    std::string set;
    for (std::string_view allowed : shape.enum_values) {
      known |= value == allowed;
      set += (set.empty() ? "" : ", ") + std::string(allowed);
    }
    if (!known) {
      Violation(shown, path, "Member must satisfy enum value set: [" + set + "]");
    }
  }
}

std::optional<std::string> RequestReader::String(const json::Object& object, std::string_view name,
                                                 const std::string& path,
                                                 const StringShape& shape) {
  const json::Value* value = object.if_contains(name);
  if (value == nullptr || value->is_null()) {
    if (shape.required) {
      Violation("Value null ", path, "Member must not be null");
    }
    return std::nullopt;
  }
  if (!value->is_string()) {
    TypeError(std::string(TokenName(*value)) + " can not be converted to a String");
    return std::nullopt;
  }
  std::string text(value->as_string());
  CheckString(path, text, shape);
  return text;
}

std::optional<int64_t> RequestReader::Integer(const json::Object& object, std::string_view name,
                                              const std::string& path, const IntegerShape& shape) {
  const json::Value* value = object.if_contains(name);
  if (value == nullptr || value->is_null()) {
    if (shape.required) {
      Violation("Value null ", path, "Member must not be null");
    }
    return std::nullopt;
  }
  std::optional<int64_t> number;
  if (value->is_int64()) {
    number = value->as_int64();
  } else if (value->is_uint64() && value->as_uint64() <= INT64_MAX) {
    number = static_cast<int64_t>(value->as_uint64());
  } else if (value->is_double() && value->as_double() >= -9e18 && value->as_double() <= 9e18) {
    number = static_cast<int64_t>(value->as_double());  // Coral truncates, as Java does
  }
  if (!number) {
    TypeError(std::string(TokenName(*value)) + " can not be converted to an Integer");
    return std::nullopt;
  }
  std::string shown = "Value " + Quoted(std::to_string(*number)) + " ";
  if (*number < shape.min) {
    Violation(shown, path,
              "Member must have value greater than or equal to " + std::to_string(shape.min));
  }
  if (*number > shape.max) {
    Violation(shown, path,
              "Member must have value less than or equal to " + std::to_string(shape.max));
  }
  return number;
}

namespace {

// A float as Java's Float.toString shows it in AWS's messages: "101.0", "100.5", "1.0E10".
std::string JavaFloat(double v) {
  if (!std::isfinite(v))
    return std::isnan(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";  // beyond a float's range
  char buf[32];
  if (v == static_cast<double>(static_cast<int64_t>(v)) && std::fabs(v) < 1e7) {
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
  }
  if (std::fabs(v) >= 1e7 || (v != 0 && std::fabs(v) < 1e-3)) {
    std::snprintf(buf, sizeof buf, "%.7E", v);  // then trimmed to Java's shortest mantissa
    std::string text = buf;
    size_t e = text.find('E');
    std::string mantissa = text.substr(0, e);
    while (mantissa.size() > 3 && mantissa.back() == '0' && mantissa[mantissa.size() - 2] != '.')
      mantissa.pop_back();
    int exponent = std::stoi(text.substr(e + 1));
    return mantissa + "E" + std::to_string(exponent);
  }
  std::snprintf(buf, sizeof buf, "%.7g", v);
  return buf;
}

// A bound of the model as AWS prints it ("100", "0").
std::string Bound(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

std::optional<double> RequestReader::Float(const json::Object& object, std::string_view name,
                                           const std::string& path, const FloatShape& shape) {
  const json::Value* value = object.if_contains(name);
  if (value == nullptr || value->is_null()) {
    if (shape.required) {
      Violation("Value null ", path, "Member must not be null");
    }
    return std::nullopt;
  }
  if (!value->is_number()) {
    TypeError(std::string(TokenName(*value)) + " can not be converted to a Float");
    return std::nullopt;
  }
  double number = value->to_number<double>();
  std::string shown = "Value " + Quoted(JavaFloat(static_cast<float>(number))) + " ";
  if (number < shape.min) {
    Violation(shown, path, "Member must have value greater than or equal to " + Bound(shape.min));
  }
  if (number > shape.max) {
    Violation(shown, path, "Member must have value less than or equal to " + Bound(shape.max));
  }
  return number;
}

std::optional<bool> RequestReader::Boolean(const json::Object& object, std::string_view name,
                                           const std::string& /*path*/) {
  const json::Value* value = object.if_contains(name);
  if (value == nullptr || value->is_null()) {
    return std::nullopt;
  }
  if (!value->is_bool()) {
    TypeError(std::string(TokenName(*value)) + " can not be converted to a Boolean");
    return std::nullopt;
  }
  return value->as_bool();
}

const json::Object* RequestReader::Structure(const json::Object& object, std::string_view name,
                                             const std::string& path, bool required) {
  const json::Value* value = object.if_contains(name);
  if (value == nullptr || value->is_null()) {
    if (required) {
      Violation("Value null ", path, "Member must not be null");
    }
    return nullptr;
  }
  if (!value->is_object()) {
    TypeError(std::string(TokenName(*value)) + " can not be converted to a structure");
    return nullptr;
  }
  return &value->as_object();
}

const json::Array* RequestReader::List(const json::Object& object, std::string_view name,
                                       const std::string& path, const ListShape& shape) {
  const json::Value* value = object.if_contains(name);
  if (value == nullptr || value->is_null()) {
    if (shape.required) {
      Violation("Value null ", path, "Member must not be null");
    }
    return nullptr;
  }
  if (!value->is_array()) {
    TypeError(std::string(TokenName(*value)) + " can not be converted to a list");
    return nullptr;
  }
  const json::Array& list = value->as_array();
  std::string shown = shape.render ? "Value " + Quoted(shape.render(list)) + " " : "Value ";
  if (list.size() < shape.min) {
    Violation(shown, path,
              "Member must have length greater than or equal to " + std::to_string(shape.min));
  }
  if (list.size() > shape.max) {
    Violation(shown, path,
              "Member must have length less than or equal to " + std::to_string(shape.max));
  }
  return &list;
}

const json::Object* RequestReader::Element(const json::Array& list, size_t index) {
  const json::Value& value = list[index];
  if (!value.is_object()) {
    if (!value.is_null()) {
      TypeError(std::string(TokenName(value)) + " can not be converted to a structure");
    }
    return nullptr;
  }
  return &value.as_object();
}

std::optional<std::string> RequestReader::StringElement(const json::Array& list, size_t index,
                                                        const std::string& item_path,
                                                        const StringShape& shape) {
  const json::Value& value = list[index];
  if (!value.is_string()) {
    TypeError(std::string(TokenName(value)) + " can not be converted to a String");
    return std::nullopt;
  }
  std::string text(value.as_string());
  CheckString(item_path, text, shape);
  return text;
}

void RequestReader::Pattern(const std::string& path, const std::string& value,
                            std::string_view pattern, bool matches) {
  if (!matches) {
    Violation("Value " + Quoted(value) + " ", path,
              "Member must satisfy regular expression pattern: " + std::string(pattern));
  }
}

Status RequestReader::Finish() const {
  if (serialization_error_) {
    return Status(StatusCode::kInvalidArgument, *serialization_error_, "SerializationException");
  }
  if (violations_.empty()) {
    return Status::Ok();
  }
  std::string message =
      std::to_string(violations_.size()) +
      (violations_.size() == 1 ? " validation error detected: " : " validation errors detected: ");
  for (size_t i = 0; i < violations_.size(); ++i) {
    message += (i > 0 ? "; " : "") + violations_[i];
  }
  return Status(StatusCode::kInvalidArgument, std::move(message), "ValidationException");
}

}  // namespace stepshift::api
