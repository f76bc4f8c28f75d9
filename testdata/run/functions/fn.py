"""A stand-in for a Lambda function: reads the task input on stdin, acts by its first argument.

  echo          prints the input back
  greet         prints {"greeting": "hello <name>", "version": <second argument>}
  raise         exits 1 with Lambda's error payload on stderr (errorType, errorMessage)
  fail          logs a line, then exits 1 with {"error","cause"} on stderr
  crash         exits 3 with a plain-text traceback on stderr
  silent        exits 4 and prints nothing
  garbage       exits 0 printing text that is not JSON
  flaky FILE N  fails with Flaky.Error while FILE holds fewer than N lines, appending one per call
"""
import json
import sys

event = json.load(sys.stdin)
mode = sys.argv[1]
if mode == "echo":
    print(json.dumps(event))
elif mode == "greet":
    print(json.dumps({"greeting": "hello " + event.get("name", "nobody"), "version": sys.argv[2]}))
elif mode == "raise":
    json.dump({"errorType": "ValueError", "errorMessage": "bad input"}, sys.stderr)
    sys.exit(1)
elif mode == "fail":
    print("checking the order...", file=sys.stderr)
    print(json.dumps({"error": "Order.Rejected", "cause": "out of stock"}), file=sys.stderr)
    sys.exit(1)
elif mode == "crash":
    print("Traceback (most recent call last):", file=sys.stderr)
    print("  ZeroDivisionError: division by zero", file=sys.stderr)
    sys.exit(3)
elif mode == "silent":
    sys.exit(4)
elif mode == "garbage":
    print("this is not json")
elif mode == "flaky":
    path, needed = sys.argv[2], int(sys.argv[3])
    with open(path, "a+") as f:
        f.seek(0)
        calls = len(f.readlines())
        f.write("call\n")
    if calls < needed:
        print(json.dumps({"error": "Flaky.Error", "cause": "call %d" % calls}), file=sys.stderr)
        sys.exit(1)
    print(json.dumps({"calls": calls + 1, "input": event}))
