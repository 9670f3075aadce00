#!/usr/bin/env python3
"""A slow server for trying `ringpool conform --jobs` and the ETA: forwards every HTTP request to
UPSTREAM after holding it DELAY seconds (each request on its own thread, so concurrent requests
wait concurrently, as behind a slow staging server), and logs one line per request.

    scripts/delay-proxy.py --upstream http://127.0.0.1:8080 --port 9090 --delay 2 [--log FILE]

Prints "listening on http://127.0.0.1:PORT" once ready (--port 0 picks a free port).
Not part of CI: a measuring aid (python3 standard library only).
"""
import argparse
import http.client
import http.server
import sys
import threading
import time
import urllib.parse

HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers",
              "transfer-encoding", "upgrade"}


def make_handler(upstream, delay_seconds, log):
    parsed = urllib.parse.urlsplit(upstream)
    local = threading.local()
    log_lock = threading.Lock()

    def connection():
        if getattr(local, "conn", None) is None:
            local.conn = http.client.HTTPConnection(parsed.hostname, parsed.port or 80, timeout=120)
        return local.conn

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def forward(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            started = time.monotonic()
            time.sleep(delay_seconds)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP and k.lower() != "host"}
            headers["Host"] = parsed.netloc
            for attempt in range(2):
                try:
                    conn = connection()
                    conn.request(self.command, self.path, body=body, headers=headers)
                    response = conn.getresponse()
                    payload = response.read()
                    break
                except (http.client.HTTPException, OSError):
                    local.conn = None
                    if attempt == 1:
                        self.send_error(502, "upstream failed")
                        return
            self.send_response(response.status, response.reason)
            for name, value in response.getheaders():
                if name.lower() not in HOP_BY_HOP and name.lower() != "content-length":
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            if log is not None:
                with log_lock:
                    log.write(f"{time.time():.3f} {time.monotonic() - started:.3f}s {self.command} {self.path} "
                              f"{response.status}\n")
                    log.flush()

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = forward

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upstream", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--delay", type=float, default=2.0, help="seconds each request is held")
    parser.add_argument("--log", help="append one line per request here")
    args = parser.parse_args()
    log = open(args.log, "a") if args.log else None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(args.upstream, args.delay, log))
    server.daemon_threads = True
    print(f"listening on http://127.0.0.1:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
