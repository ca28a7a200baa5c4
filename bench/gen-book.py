#!/usr/bin/env python3
"""Generates the same N-page Markdown book twice: a Docusaurus docs root for quire and a
Hugo site, from the pages of content/docs (relative links and images turned into text, so
that neither tool has to resolve them). Usage: gen-book.py OUT_DIR [PAGES=2000]"""
import os, re, sys, glob, json

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
root = os.path.join(os.path.dirname(__file__), "..", "content", "docs")
sources = sorted(p for p in glob.glob(os.path.join(root, "**", "*.md"), recursive=True))
bodies = []
for p in sources:
    text = open(p, encoding="utf-8").read()
    if text.startswith("---"):
        text = text.split("\n---\n", 1)[1]
    text = re.sub(r"^import .*$", "", text, flags=re.M)
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)          # images → alt text
    text = re.sub(r"\[([^\]]*)\]\((?!https?:)[^)]*\)", r"\1", text)  # relative links → text
    bodies.append(text)

quire = os.path.join(out, "quire-docs")
hugo = os.path.join(out, "hugo")
os.makedirs(os.path.join(hugo, "layouts", "_default"), exist_ok=True)
open(os.path.join(hugo, "config.toml"), "w").write(
    'baseURL = "http://localhost/"\ntitle = "Bench"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]\n'
    '[markup.goldmark.renderer]\nunsafe = true\n')
open(os.path.join(hugo, "layouts", "_default", "single.html"), "w").write(
    "<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body><nav>{{ range .Site.Sections }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}</nav>"
    "<main><h1>{{ .Title }}</h1>{{ .TableOfContents }}{{ .Content }}</main></body></html>\n")
open(os.path.join(hugo, "layouts", "_default", "list.html"), "w").write(
    "<!DOCTYPE html><html><body><h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n")
per_part = 100
total_bytes = 0
for i in range(n):
    part = i // per_part + 1
    body = bodies[i % len(bodies)]
    title = f"Page {i + 1}"
    fm = f"---\ntitle: \"{title}\"\nsidebar_position: {i % per_part + 1}\nweight: {i % per_part + 1}\n---\n"
    for base, sub in ((quire, f"{part:02d}-part-{part}"), (os.path.join(hugo, "content"), f"part-{part}")):
        d = os.path.join(base, sub)
        os.makedirs(d, exist_ok=True)
        name = f"{i % per_part + 1:03d}-page-{i + 1}.md"
        with open(os.path.join(d, name), "w", encoding="utf-8") as f:
            f.write(fm + body)
    total_bytes += len((fm + body).encode())
    if i % per_part == 0:
        cat = os.path.join(quire, f"{part:02d}-part-{part}", "_category_.json")
        json.dump({"label": f"Part {part}", "position": part}, open(cat, "w"))
        open(os.path.join(hugo, "content", f"part-{part}", "_index.md"), "w").write(f"---\ntitle: Part {part}\n---\n")
print(f"{n} pages, {total_bytes / 1e6:.1f} MB of Markdown")
