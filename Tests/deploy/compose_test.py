#!/usr/bin/env python3
"""docker-compose.yml against what it wires together (no Docker engine here to run it).

The compose spec's schema (check-jsonschema, in run.sh) checks the shape; this checks the
wiring: nginx gets deploy/nginx.conf as its template and every variable the template uses;
the upstream is the quire service on the port the server listens on; the trusted proxy is
nginx's address; the site copied to nginx is where the Dockerfile builds it; the image's
healthcheck gates nginx's start; no secret is written in the file.

Usage: compose_test.py   prints one line per check and "N passed, N failed"
"""
import os
import re
import sys

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import REPO, Tally  # noqa: E402
check = Tally("compose")


def main():
    compose = yaml.safe_load(open(os.path.join(REPO, "docker-compose.yml"), encoding="utf-8"))
    template = open(os.path.join(REPO, "deploy", "nginx.conf"), encoding="utf-8").read()
    dockerfile = open(os.path.join(REPO, "Dockerfile"), encoding="utf-8").read()
    services = compose["services"]
    check("services quire, site, nginx", {"quire", "site", "nginx"} <= set(services), sorted(services))
    if check.failed:
        return
    q, s, n = services["quire"], services["site"], services["nginx"]

    mounts = {v.split(":")[1]: v.split(":")[0] for v in n.get("volumes", [])}
    check("nginx mounts deploy/nginx.conf as a template",
          mounts.get("/etc/nginx/templates/default.conf.template") == "./deploy/nginx.conf", mounts)
    used = set(re.findall(r"\$\{([A-Z_]+)\}", template))
    env = n.get("environment", {})
    check("nginx's environment fills every template variable", used and used <= set(env), f"{used} vs {set(env)}")
    host, _, port = env.get("QUIRE_UPSTREAM", "").partition(":")
    check("upstream is the quire service on its PORT", host == "quire" and port == str(q["environment"]["PORT"]),
          env.get("QUIRE_UPSTREAM"))
    check("nginx serves the site volume", mounts.get(env.get("SITE_ROOT")) == "site", mounts)
    check("quire listens on the port the image exposes",
          f"EXPOSE {q['environment']['PORT']}" in dockerfile, q["environment"]["PORT"])

    nginx_ip = n["networks"]["quire"]["ipv4_address"]
    check("QUIRE_TRUSTED_PROXIES is nginx's address", q["environment"].get("QUIRE_TRUSTED_PROXIES") == nginx_ip,
          f"{q['environment'].get('QUIRE_TRUSTED_PROXIES')} vs {nginx_ip}")
    check("the site service copies the image's built site", "/srv/quire/site/." in " ".join(s["entrypoint"])
          and "/srv/quire/site" in open(os.path.join(REPO, "deploy", "image-root.sh")).read(), s["entrypoint"])
    check("nginx waits for quire's healthcheck and the copy",
          n["depends_on"]["quire"]["condition"] == "service_healthy"
          and n["depends_on"]["site"]["condition"] == "service_completed_successfully"
          and "HEALTHCHECK" in dockerfile, n.get("depends_on"))
    secrets = {k: v for k, v in q["environment"].items() if "KEY" in k or "TOKEN" in k}
    check("secrets only passed through from the environment",
          all(re.fullmatch(r"\$\{[A-Z_]+:-\}", str(v)) for v in secrets.values()), secrets)
    check("quire runs with a read-only root", q.get("read_only") is True, q.get("read_only"))


if __name__ == "__main__":
    main()
    check.finish()
