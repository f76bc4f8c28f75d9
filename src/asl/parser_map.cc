// The Map state's fields: its processor (ItemProcessor, or the deprecated Iterator), item
// selection and batching, and the limits.
//
// AWS Developer Guide, "Map state" (state-map.html) and "ItemProcessor (Map)"
// (input-output-itemprocessor.html): Iterator is the deprecated name of ItemProcessor and
// Parameters the deprecated name of ItemSelector, so a Map has one of each pair, not both.
// ItemProcessor holds ProcessorConfig, StartAt and States; ProcessorConfig's Mode is INLINE (the
// default) or DISTRIBUTED, and ExecutionType (STANDARD or EXPRESS) is required when Mode is
// DISTRIBUTED ("Map state in Distributed mode", state-map-distributed.html).
#include <set>

#include "asl/parser_internal.h"

namespace stepshift::asl::internal {

namespace {

// "Only one of the following fields may be specified: [A, B]" when `obj` has both.
bool BothPresent(const Object& obj, const char* a, const char* b) {
  return obj.contains(a) && obj.contains(b);
}

}  // namespace

void DefinitionBuilder::BuildMap(const Object& obj, const std::string& loc, int depth, State* s) {
  for (auto [current, deprecated] :
       {std::pair{"ItemProcessor", "Iterator"}, std::pair{"ItemSelector", "Parameters"}}) {
    if (BothPresent(obj, current, deprecated)) {
      Error(std::string("Only one of the following fields may be specified: [") + current + ", " +
                deprecated + "]",
            loc);
    }
  }
  const char* proc_field = obj.contains("ItemProcessor") ? "ItemProcessor" : "Iterator";
  if (const Value* proc = obj.if_contains(proc_field)) {
    std::string ploc = loc + "/" + proc_field;
    if (!proc->is_object())
      Error("Expected value of type [OBJECT]", ploc);
    else
      BuildProcessor(proc->get_object(), ploc, depth, s);
  }
  if (const Value* p = obj.if_contains("ItemsPath")) {
    s->items_path = BuildReferencePath(*p, "ItemsPath", loc + "/ItemsPath");
  }
  if (const Value* items = obj.if_contains("Items")) {
    if (!items->is_array() && !IsJsonataExpression(*items))
      Error("Expected value of type [ARRAY]", loc + "/Items");
    s->jsonata.items = CompileJsonata(*items, loc + "/Items", "Items");
  }
  const Value* selector = obj.if_contains("ItemSelector");
  if (selector == nullptr)
    selector = obj.if_contains("Parameters");  // legacy spelling
  if (selector != nullptr && s->uses_jsonata()) {
    s->jsonata.item_selector = CompileJsonata(*selector, loc + "/ItemSelector", "ItemSelector");
    s->has_item_selector = true;
  } else if (selector != nullptr) {
    s->item_selector = PayloadTemplate::Compile(*selector, loc + "/ItemSelector", diags_);
    s->has_item_selector = true;
    s->has_parameters = false;
  }
  if (const Value* batcher = obj.if_contains("ItemBatcher"))
    BuildItemBatcher(*batcher, loc + "/ItemBatcher", s);
  if (const Value* reader = obj.if_contains("ItemReader"))
    BuildItemReader(*reader, loc + "/ItemReader", s);
  if (obj.contains("ResultWriter"))
    Error("Field 'ResultWriter' is not supported yet by stepshift", loc + "/ResultWriter");
  if (const Value* label = obj.if_contains("Label"))
    BuildLabel(*label, loc + "/Label", s);
  BuildNumberOrPath(obj, "MaxConcurrency", loc, 0, &s->max_concurrency);
  BuildNumberOrPath(obj, "ToleratedFailureCount", loc, 0, &s->tolerated_failure_count);
  BuildNumberOrPath(obj, "ToleratedFailurePercentage", loc, 0, &s->tolerated_failure_percentage);
  if (s->tolerated_failure_percentage.value && *s->tolerated_failure_percentage.value > 100) {
    Error("The value for the field 'ToleratedFailurePercentage' must be between 0 and 100",
          loc + "/ToleratedFailurePercentage");
  }
}

// The processor is a nested state machine: StartAt and States, with ProcessorConfig and Comment
// beside them and nothing else.
void DefinitionBuilder::BuildProcessor(const Object& proc, const std::string& loc, int depth,
                                       State* s) {
  static const std::set<std::string_view> kFields = {"StartAt", "States", "ProcessorConfig",
                                                     "Comment"};
  for (const auto& kv : proc) {
    if (!kFields.contains(kv.key()))
      Error("Field '" + std::string(kv.key()) + "' is not supported", loc);
  }
  if (const Value* c = proc.if_contains("Comment"); c != nullptr && !c->is_string())
    Error("Expected value of type [STRING]", loc + "/Comment");
  if (const Value* cfg = proc.if_contains("ProcessorConfig"))
    BuildProcessorConfig(*cfg, loc + "/ProcessorConfig", s);
  s->iterator = BuildScope(proc, loc, -1, depth + 1);
  if (s->distributed) {
    // Each child execution runs the processor as a state machine of its own; its states keep
    // the query language they had here, which they take from the machine.
    Object definition;  // in the processor's order (Object::erase would move its last member)
    for (const auto& kv : proc) {
      if (kv.key() != "ProcessorConfig")
        definition[kv.key()] = kv.value();
    }
    if (machine_->query_language == QueryLanguage::kJsonata)
      definition["QueryLanguage"] = "JSONata";
    s->processor_definition = ToJson(Value(std::move(definition)));
  }
}

void DefinitionBuilder::BuildProcessorConfig(const Value& cfg, const std::string& loc, State* s) {
  const Object* obj = cfg.if_object();
  if (obj == nullptr) {
    Error("Expected value of type [OBJECT]", loc);
    return;
  }
  for (const auto& kv : *obj) {
    if (kv.key() != "Mode" && kv.key() != "ExecutionType")
      Error("Field '" + std::string(kv.key()) + "' is not supported", loc);
  }
  if (const Value* mode = obj->if_contains("Mode")) {
    if (!mode->is_string() ||
        (mode->get_string() != "INLINE" && mode->get_string() != "DISTRIBUTED")) {
      Error("Value should be one of the following: [INLINE, DISTRIBUTED]", loc + "/Mode");
    } else {
      s->distributed = mode->get_string() == "DISTRIBUTED";
    }
  }
  const Value* type = obj->if_contains("ExecutionType");
  if (type != nullptr && (!type->is_string() ||
                          (type->get_string() != "STANDARD" && type->get_string() != "EXPRESS"))) {
    Error("Value should be one of the following: [STANDARD, EXPRESS]", loc + "/ExecutionType");
  }
  if (s->distributed && type == nullptr)
    Error("These fields are required: [ExecutionType]", loc);
  s->express_children = type != nullptr && type->is_string() && type->get_string() == "EXPRESS";
}

// ItemReader (distributed maps only): Resource, ReaderConfig and Parameters (JSONPath) or
// Arguments (JSONata), as the developer guide's "ItemReader (Map)" describes them. The reader is
// parsed so that definitions using it validate; reading S3 at run time is not supported.
void DefinitionBuilder::BuildItemReader(const Value& v, const std::string& loc, State* s) {
  const Object* obj = v.if_object();
  if (obj == nullptr) {
    Error("Expected value of type [OBJECT]", loc);
    return;
  }
  if (!s->distributed) {
    Error("The field 'ItemReader' is only supported when ProcessorConfig Mode is DISTRIBUTED", loc);
  }
  const char* arguments = s->uses_jsonata() ? "Arguments" : "Parameters";
  for (const auto& kv : *obj) {
    if (kv.key() != "Resource" && kv.key() != "ReaderConfig" && kv.key() != arguments)
      Error("Field '" + std::string(kv.key()) + "' is not supported", loc);
  }
  const Value* resource = obj->if_contains("Resource");
  if (resource == nullptr) {
    Error("These fields are required: [Resource]", loc);
  } else if (!resource->is_string()) {
    Error("Expected value of type [STRING]", loc + "/Resource");
  }
  for (const char* field : {"ReaderConfig", arguments}) {
    const Value* f = obj->if_contains(field);
    if (f != nullptr && !f->is_object() && !IsJsonataExpression(*f))
      Error("Expected value of type [OBJECT]", loc + "/" + field);
  }
  s->has_item_reader = true;
}

// Label: what the map run ARNs name the Map state by. AWS: at most 40 characters, unique in the
// state machine, none of whitespace, ? *, < > { } [ ], : ; , \ | ^ ~ $ # % & ` " or control
// characters (developer guide, "Map state in Distributed mode", Label).
void DefinitionBuilder::BuildLabel(const Value& v, const std::string& loc, State* s) {
  if (!v.is_string()) {
    Error("Expected value of type [STRING]", loc);
    return;
  }
  std::string label(v.get_string());
  static constexpr std::string_view kForbidden = " \t\n\r?*<>{}[]:;,\\|^~$#%&`\"";
  for (char c : label) {
    auto u = static_cast<unsigned char>(c);
    if (kForbidden.find(c) != std::string_view::npos || u < 0x20 || u == 0x7f) {
      Error("Label contains invalid character: '" + std::string(1, c) + "'", loc);
      return;
    }
  }
  if (label.empty() || label.size() > 40) {
    Error("Label must be between 1 and 40 characters long", loc);
  } else if (!labels_.insert(label).second) {
    Error("Label '" + label + "' is not unique in the state machine", loc);
  }
  s->label = std::move(label);
}

// ItemBatcher (distributed maps only): at least one size limit, as AWS requires; BatchInput is a
// payload template evaluated against the state's input.
void DefinitionBuilder::BuildItemBatcher(const Value& v, const std::string& loc, State* s) {
  if (!v.is_object()) {
    Error("Expected value of type [OBJECT]", loc);
    return;
  }
  if (!s->distributed) {
    Error("The field 'ItemBatcher' is only supported when ProcessorConfig Mode is DISTRIBUTED",
          loc);
  }
  const Object& obj = v.get_object();
  for (const auto& kv : obj) {
    static const std::set<std::string_view> kFields = {"MaxItemsPerBatch", "MaxItemsPerBatchPath",
                                                       "MaxInputBytesPerBatch",
                                                       "MaxInputBytesPerBatchPath", "BatchInput"};
    if (!kFields.contains(kv.key()))
      Error("Field '" + std::string(kv.key()) + "' is not supported", loc);
  }
  s->has_item_batcher = true;
  BuildNumberOrPath(obj, "MaxItemsPerBatch", loc, 1, &s->max_items_per_batch);
  BuildNumberOrPath(obj, "MaxInputBytesPerBatch", loc, 1, &s->max_input_bytes_per_batch);
  if (s->max_input_bytes_per_batch.value && *s->max_input_bytes_per_batch.value > 262144) {
    Error("The value for the field 'MaxInputBytesPerBatch' must be at most 262144",
          loc + "/MaxInputBytesPerBatch");
  }
  if (!s->max_items_per_batch.present() && !s->max_input_bytes_per_batch.present()) {
    Error(
        "ItemBatcher needs one of the fields MaxItemsPerBatch, MaxItemsPerBatchPath, "
        "MaxInputBytesPerBatch or MaxInputBytesPerBatchPath",
        loc);
  }
  if (const Value* input = obj.if_contains("BatchInput")) {
    if (!input->is_object() && !IsJsonataExpression(*input)) {
      Error("Expected value of type [OBJECT]", loc + "/BatchInput");
      return;
    }
    if (s->uses_jsonata())
      s->jsonata.batch_input = CompileJsonata(*input, loc + "/BatchInput", "BatchInput");
    else
      s->batch_input = PayloadTemplate::Compile(*input, loc + "/BatchInput", diags_);
    s->has_batch_input = true;
  }
}

}  // namespace stepshift::asl::internal
