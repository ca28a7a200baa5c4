#!/usr/bin/env python3
"""Checks the Kubernetes manifests as rendered by `kubectl kustomize deploy/k8s`.

kubernetes-validate (strict, offline: it ships the schemas) checks every object; a broken copy
must fail it, so the validator is not a no-op. Then what the deployment needs: probes on
/api/health and /api/ready, resources, non-root, read-only root with emptyDirs on the paths
the server writes, the ConfigMap holding quire.yml mounted where QUIRE_CONFIG points, the API
keys the code reads taken from Secrets, selectors that match the pods, an HPA on CPU, a PDB,
and the port and user of the Dockerfile.

Usage: k8s_test.py RENDERED.yaml   (run.sh renders it)
"""
import os
import re
import subprocess
import sys
import tempfile

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import REPO, Tally  # noqa: E402
VALIDATE = os.path.join(os.path.dirname(sys.executable), "kubernetes-validate")
check = Tally("k8s")


def validate(path):
    return subprocess.run([VALIDATE, "--strict", "--quiet", path], capture_output=True, text=True)


def main(rendered):
    text = open(rendered, encoding="utf-8").read()
    docs = [d for d in yaml.safe_load_all(text) if d]
    by_kind = {}
    for d in docs:
        by_kind.setdefault(d["kind"], []).append(d)

    v = validate(rendered)
    check("kubernetes-validate --strict passes", v.returncode == 0, v.stdout + v.stderr)
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
        f.write(text.replace("containerPort: 8080", "containerPort: eighty", 1).replace("minReplicas:", "minReplica:", 1))
        broken = f.name
    v = validate(broken)
    os.unlink(broken)
    check("kubernetes-validate rejects a broken copy", v.returncode != 0, "a wrong type and field passed")

    for kind in ("Deployment", "Service", "Ingress", "HorizontalPodAutoscaler", "ConfigMap", "PodDisruptionBudget"):
        check(f"has a {kind}", len(by_kind.get(kind, [])) == 1, f"{len(by_kind.get(kind, []))} found")
    if check.failed:
        return
    dep, svc, ing = by_kind["Deployment"][0], by_kind["Service"][0], by_kind["Ingress"][0]
    hpa, cm, pdb = by_kind["HorizontalPodAutoscaler"][0], by_kind["ConfigMap"][0], by_kind["PodDisruptionBudget"][0]
    pod = dep["spec"]["template"]["spec"]
    labels = dep["spec"]["template"]["metadata"]["labels"]
    c = pod["containers"][0]
    env = {e["name"]: e for e in c.get("env", [])}
    port_names = {p["name"]: p["containerPort"] for p in c["ports"]}

    def port_of(p):
        return port_names.get(p, p)

    lp, rp = c.get("livenessProbe", {}).get("httpGet", {}), c.get("readinessProbe", {}).get("httpGet", {})
    check("liveness probe GET /api/health", lp.get("path") == "/api/health", lp)
    check("readiness probe GET /api/ready", rp.get("path") == "/api/ready", rp)
    check("probes on the serving port", port_of(lp.get("port")) == port_of(rp.get("port")) == int(env["PORT"]["value"]),
          f"{lp.get('port')} {rp.get('port')} PORT={env.get('PORT')}")
    res = c.get("resources", {})
    check("resources: CPU and memory requests, memory limit",
          {"cpu", "memory"} <= set(res.get("requests", {})) and "memory" in res.get("limits", {}), res)

    psc, csc = pod.get("securityContext", {}), c.get("securityContext", {})
    check("runAsNonRoot", psc.get("runAsNonRoot") is True or csc.get("runAsNonRoot") is True, f"{psc} {csc}")
    check("readOnlyRootFilesystem", csc.get("readOnlyRootFilesystem") is True, csc)
    check("no privilege escalation, all capabilities dropped",
          csc.get("allowPrivilegeEscalation") is False and csc.get("capabilities", {}).get("drop") == ["ALL"], csc)

    dockerfile = open(os.path.join(REPO, "Dockerfile"), encoding="utf-8").read()
    runtime = dockerfile.split("\nFROM ")[-1]
    user = re.search(r"^USER (\d+)", runtime, re.M)
    check("runAsUser is the Dockerfile's USER", user and psc.get("runAsUser") == int(user.group(1)),
          f"{psc.get('runAsUser')} vs {user and user.group(1)}")
    expose = re.search(r"^EXPOSE (\d+)", runtime, re.M)
    check("containerPort is the Dockerfile's EXPOSE", expose and int(expose.group(1)) in port_names.values(),
          f"{port_names} vs {expose and expose.group(1)}")

    # Paths the server writes must be volumes, the rest of the root is read-only.
    image_env = dict(re.findall(r"(\w+)=(\S+)", " ".join(re.findall(r"^ENV (.*(?:\\\n.*)*)", runtime, re.M))))
    vols = {v["name"]: v for v in pod.get("volumes", [])}
    mounts = {m["mountPath"]: m for m in c.get("volumeMounts", [])}
    data_dir = env.get("QUIRE_DATA_DIR", {}).get("value") or image_env.get("QUIRE_DATA_DIR")
    build_dir = image_env.get("QUIRE_BUILD_DIR", "/tmp/quire-book")
    for path in (data_dir, "/tmp"):
        m = mounts.get(path)
        check(f"writable {path} is an emptyDir", m is not None and "emptyDir" in vols.get(m["name"], {}),
              f"mounts={sorted(mounts)}")
    check("the entrypoint's build folder is under /tmp", build_dir.startswith("/tmp/"), build_dir)

    # quire.yml from the ConfigMap, where QUIRE_CONFIG points.
    cfg = env.get("QUIRE_CONFIG", {}).get("value", "")
    m = mounts.get(os.path.dirname(cfg))
    ok = m is not None and vols.get(m["name"], {}).get("configMap", {}).get("name") == cm["metadata"]["name"]
    check("QUIRE_CONFIG points into the mounted ConfigMap", ok and os.path.basename(cfg) in cm.get("data", {}),
          f"QUIRE_CONFIG={cfg} mounts={sorted(mounts)}")
    server = (yaml.safe_load(cm["data"].get("quire.yml", "")) or {}).get("server")
    check("ConfigMap quire.yml has a server: section", isinstance(server, dict), cm["data"])
    uncommented = "\n".join(l.split("#")[0] for l in cm["data"].get("quire.yml", "").splitlines())
    check("no secret in the ConfigMap", not re.search(r"(?i)api_?key|token|sk-", uncommented), uncommented)

    # The API keys the code reads come from Secrets.
    src = ""
    for root, _, files in os.walk(os.path.join(REPO, "Sources", "QuireAnswer")):
        for fn in files:
            if fn.endswith(".swift"):
                src += open(os.path.join(root, fn), encoding="utf-8").read()
    keys = sorted(set(re.findall(r'env\["([A-Z_]+_API_KEY)"\]', src)))
    check("the code reads API keys", len(keys) >= 2, keys)
    for k in keys + ["QUIRE_ADMIN_TOKEN"]:
        ref = env.get(k, {}).get("valueFrom", {}).get("secretKeyRef")
        check(f"{k} from a Secret", ref is not None and ref.get("key") == k, env.get(k))

    # Selectors select the pods.
    def selects(sel):
        return bool(sel) and all(labels.get(k) == v for k, v in sel.items())

    check("Deployment selector matches its pods", selects(dep["spec"]["selector"]["matchLabels"]), labels)
    check("Service selects the pods", selects(svc["spec"]["selector"]), svc["spec"]["selector"])
    check("Service targets the container port", port_of(svc["spec"]["ports"][0]["targetPort"]) in port_names.values(),
          svc["spec"]["ports"])
    check("PDB selects the pods", selects(pdb["spec"]["selector"]["matchLabels"]), pdb["spec"]["selector"])
    check("PDB keeps one up", pdb["spec"].get("minAvailable") is not None or pdb["spec"].get("maxUnavailable") is not None,
          pdb["spec"])

    backends = {p["backend"]["service"]["name"] for r in ing["spec"]["rules"] for p in r["http"]["paths"]}
    paths = {p["path"] for r in ing["spec"]["rules"] for p in r["http"]["paths"]}
    check("Ingress sends /api and /v1 to the Service", backends == {svc["metadata"]["name"]} and {"/api", "/v1"} <= paths,
          f"{backends} {paths}")
    check("Ingress does not buffer streams",
          ing["metadata"].get("annotations", {}).get("nginx.ingress.kubernetes.io/proxy-buffering") == "off",
          ing["metadata"].get("annotations"))

    tgt = hpa["spec"]["scaleTargetRef"]
    check("HPA scales the Deployment", tgt["kind"] == "Deployment" and tgt["name"] == dep["metadata"]["name"], tgt)
    cpu = [m for m in hpa["spec"]["metrics"] if m["type"] == "Resource" and m["resource"]["name"] == "cpu"]
    check("HPA on CPU utilization", cpu and cpu[0]["resource"]["target"]["type"] == "Utilization", hpa["spec"]["metrics"])
    check("HPA keeps >= 2 replicas (PDB can be honoured)", hpa["spec"]["minReplicas"] >= 2, hpa["spec"]["minReplicas"])


if __name__ == "__main__":
    main(sys.argv[1])
    check.finish()
