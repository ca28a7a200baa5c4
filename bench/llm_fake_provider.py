#!/usr/bin/env python3
"""A misbehaving OpenAI-compatible provider for bench/llm-failures.sh (stdlib only).

usage: llm_fake_provider.py MODE PORT
  silent   accepts the connection, reads the request, never answers
  stall    sends 200 and event-stream headers, then nothing
  trickle  streams one word every 0.5 s, forever (only the total deadline ends it)
Prints "ready PORT" once listening.
"""
import json
import socketserver
import sys
import time


class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        sock = self.request
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                return
            data += chunk
        mode = self.server.mode
        try:
            if mode == "silent":
                time.sleep(3600)
            elif mode == "stall":
                sock.sendall(b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n")
                time.sleep(3600)
            elif mode == "trickle":
                sock.sendall(b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n")
                while True:
                    event = "data: " + json.dumps({"choices": [{"index": 0, "delta": {"content": "word "}}]}) + "\n\n"
                    body = event.encode()
                    sock.sendall(b"%x\r\n%s\r\n" % (len(body), body))
                    time.sleep(0.5)
        except OSError:
            pass


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    mode, port = sys.argv[1], int(sys.argv[2])
    with Server(("127.0.0.1", port), Handler) as server:
        server.mode = mode
        print("ready", server.server_address[1], flush=True)
        server.serve_forever()


if __name__ == "__main__":
    main()
