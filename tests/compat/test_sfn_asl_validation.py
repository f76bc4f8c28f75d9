"""Definition rules from AWS's Developer Guide, through boto3 against serve: each definition is
rejected by ValidateStateMachineDefinition (FAIL, one diagnostic at the field) and by
CreateStateMachine (InvalidDefinition), and each valid neighbour is accepted by both."""
import json
import unittest

import test_sfn_support as support

SCHEMA = "SCHEMA_VALIDATION_FAILED"


def one_pass(state):
    return json.dumps({"StartAt": "A", "States": {"A": dict(state, End=True)}})


def map_of(**fields):
    proc = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
    state = {"Type": "Map", "ItemProcessor": proc, "End": True}
    state.update(fields)
    for key, value in list(state.items()):
        if value is None:
            del state[key]
    return json.dumps({"StartAt": "M", "States": {"M": state}})


def map_scope(outer, inner):
    return json.dumps({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Assign": {outer: 1}, "Next": "M"},
        "M": {"Type": "Map", "ItemProcessor": {"StartAt": "In", "States": {
            "In": {"Type": "Pass", "Assign": {inner: 2}, "End": True}}}, "End": True}}})


# (definition, location of the one diagnostic); from intrinsic-functions.html, state-map.html,
# state-map-distributed.html, state-fail.html and workflow-variables.html.
INVALID = [
    (one_pass({"Type": "Pass", "Parameters": {"r.$": "States.ArrayRange(1, 9.5, 2)"}}),
     "/States/A/Parameters/r.$"),
    (one_pass({"Type": "Pass", "Parameters": {"r.$": "States.ArrayPartition($.a, '2')"}}),
     "/States/A/Parameters/r.$"),
    (map_of(Iterator={"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}),
     "/States/M"),
    (map_of(ItemSelector={"a": 1}, Parameters={"a": 1}), "/States/M"),
    (map_of(ItemProcessor={"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "P",
                           "States": {"P": {"Type": "Pass", "End": True}}}),
     "/States/M/ItemProcessor/ProcessorConfig"),
    (map_of(ItemProcessor={"StartAt": "P", "Extra": 1,
                           "States": {"P": {"Type": "Pass", "End": True}}}),
     "/States/M/ItemProcessor"),
    (json.dumps({"StartAt": "F", "States": {
        "F": {"Type": "Fail", "ErrorPath": "States.ArrayLength($.errors)"}}}),
     "/States/F/ErrorPath"),
    (one_pass({"Type": "Pass", "Assign": {"1st": 1}}), "/States/A/Assign/1st"),
    (one_pass({"Type": "Pass", "Assign": {"v" * 81: 1}}), "/States/A/Assign/" + "v" * 81),
    (map_scope("x", "x"), "/States/M/ItemProcessor/States/In/Assign/x"),
]

VALID = [
    one_pass({"Type": "Pass", "Parameters": {"r.$": "States.MathAdd(1.5, 2)"}}),
    map_of(ItemProcessor={"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                          "StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}),
    json.dumps({"StartAt": "F", "States": {
        "F": {"Type": "Fail", "ErrorPath": "States.Format('E{}', $.n)", "CausePath": "$$.State.Name"}}}),
    one_pass({"Type": "Pass", "Assign": {"café": 1, "v" * 80: 2}}),
    map_scope("x", "y"),
]


class AslValidationTest(support.SfnTestCase):

    def test_developer_guide_rules_are_enforced(self):
        for text, location in INVALID:
            with self.subTest(location=location, definition=text[:120]):
                out = self.sfn.validate_state_machine_definition(definition=text)
                self.assertEqual(out["result"], "FAIL")
                self.assertEqual([(d["code"], d["location"], d["severity"])
                                  for d in out["diagnostics"]], [(SCHEMA, location, "ERROR")])
                message = "%s: %s at %s" % (SCHEMA, out["diagnostics"][0]["message"], location)
                self.assertAwsError("InvalidDefinition",
                                    "Invalid State Machine Definition: '%s'" % message,
                                    self.create, definition=text)

    def test_valid_neighbours_are_accepted(self):
        for text in VALID:
            with self.subTest(definition=text[:120]):
                out = self.sfn.validate_state_machine_definition(definition=text)
                self.assertEqual((out["result"], out["diagnostics"]), ("OK", []))
                self.assertIn("stateMachineArn", self.create(definition=text))


if __name__ == "__main__":
    unittest.main()
