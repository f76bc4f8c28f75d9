#include "lambda/runtime/bootstraps.h"

namespace stepshift::lambdas::internal {

// Errors are the documents AWS's Python runtime reports: errorMessage, errorType, requestId,
// stackTrace; import and handler problems as Runtime.ImportModuleError, Runtime.HandlerNotFound,
// Runtime.MalformedHandlerName, Runtime.UserCodeSyntaxError; unserializable results as
// Runtime.MarshalError.
const std::string_view kPythonBootstrap = R"py(
import importlib, json, logging, os, socket, sys, time, traceback

API = os.environ["AWS_LAMBDA_RUNTIME_API"]
HOST, PORT = API.rsplit(":", 1)
current_request_id = None


class RuntimeApi:
    """One keep-alive connection to the Runtime API. A raw socket rather than http.client, which
    imports ssl and email and would cost every cold start tens of milliseconds."""

    def __init__(self):
        self.sock = None
        self.buffer = b""

    def connect(self):
        self.sock = socket.create_connection((HOST, int(PORT)))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""

    def read_until(self, marker):
        while marker not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("Runtime API closed the connection")
            self.buffer += chunk
        head, _, self.buffer = self.buffer.partition(marker)
        return head

    def read_exactly(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(max(65536, n - len(self.buffer)))
            if not chunk:
                raise ConnectionError("Runtime API closed the connection")
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def call(self, method, path, body=b"", headers=None):
        if self.sock is None:
            self.connect()
        lines = ["%s /2018-06-01/runtime%s HTTP/1.1" % (method, path), "Host: " + API,
                 "Content-Length: %d" % len(body)]
        lines += ["%s: %s" % item for item in (headers or {}).items()]
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        head = self.read_until(b"\r\n\r\n").decode("latin-1").split("\r\n")
        response_headers = {}
        for line in head[1:]:
            name, _, value = line.partition(":")
            response_headers[name.strip().lower()] = value.strip()
        return response_headers, self.read_exactly(int(response_headers.get("content-length", "0")))


runtime = RuntimeApi()


class Context:
    def __init__(self, headers):
        self.aws_request_id = headers.get("lambda-runtime-aws-request-id")
        self.invoked_function_arn = headers.get("lambda-runtime-invoked-function-arn")
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.identity = None
        client_context = headers.get("lambda-runtime-client-context")
        self.client_context = json.loads(client_context) if client_context else None
        self._deadline_ms = int(headers.get("lambda-runtime-deadline-ms", "0"))

    def get_remaining_time_in_millis(self):
        return max(0, self._deadline_ms - int(time.time() * 1000))


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = current_request_id
        return True


def setup_logging():
    handler = logging.StreamHandler(sys.stdout)
    handler.addFilter(RequestIdFilter())
    formatter = logging.Formatter(
        "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n",
        "%Y-%m-%dT%H:%M:%S")
    formatter.converter = time.gmtime
    handler.setFormatter(formatter)
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.WARNING)


class HandlerError(Exception):
    def __init__(self, error_type, message):
        super().__init__(message)
        self.error_type = error_type


def load_handler(spec):
    try:
        module_name, function_name = spec.rsplit(".", 1)
    except ValueError as e:
        raise HandlerError("Runtime.MalformedHandlerName", "Bad handler '%s': %s" % (spec, e))
    module_name = module_name.replace("/", ".")
    try:
        module = importlib.import_module(module_name)
    except ImportError as e:
        raise HandlerError("Runtime.ImportModuleError",
                           "Unable to import module '%s': %s" % (module_name, e))
    except SyntaxError as e:
        raise HandlerError("Runtime.UserCodeSyntaxError",
                           "Syntax error in module '%s': %s" % (module_name, e))
    handler = getattr(module, function_name, None)
    if handler is None:
        raise HandlerError("Runtime.HandlerNotFound",
                           "Handler '%s' missing on module '%s'" % (function_name, module_name))
    return handler


def error_document(error, request_id):
    if isinstance(error, HandlerError):
        return {"errorMessage": str(error), "errorType": error.error_type,
                "requestId": request_id, "stackTrace": []}
    stack = traceback.format_list(traceback.extract_tb(error.__traceback__)[1:])
    return {"errorMessage": str(error), "errorType": type(error).__name__,
            "requestId": request_id, "stackTrace": stack}


def post(path, body, headers=None):
    sys.stdout.flush()
    sys.stderr.flush()
    runtime.call("POST", path, body.encode("utf-8"), headers)


def main():
    global current_request_id
    sys.path.insert(0, os.environ["LAMBDA_TASK_ROOT"])
    setup_logging()
    handler, load_error = None, None
    try:
        handler = load_handler(os.environ["_HANDLER"])
    except HandlerError as e:
        load_error = e
    while True:
        headers, body = runtime.call("GET", "/invocation/next")
        current_request_id = headers.get("lambda-runtime-aws-request-id")
        path = "/invocation/%s/" % current_request_id
        try:
            if load_error:
                raise load_error
            event = json.loads(body) if body else {}
            result = handler(event, Context(headers))
            try:
                payload = json.dumps(result)
            except (TypeError, ValueError) as e:
                raise HandlerError("Runtime.MarshalError", "Unable to marshal response: %s" % e)
            post(path + "response", payload)
        except Exception as e:
            document = error_document(e, current_request_id)
            print("[ERROR] %s: %s" % (document["errorType"], document["errorMessage"]))
            post(path + "error", json.dumps(document),
                 {"Lambda-Runtime-Function-Error-Type": document["errorType"]})


main()
)py";

}  // namespace stepshift::lambdas::internal
