#!/usr/bin/env python3
"""Build the search benchmark's query set from the shared corpus.

    python3 bench/search/make_queries.py /tmp/corpus-10k bench/search/queries.json

Queries are drawn at random (fixed seed) from published entries, by rules a citizen would
follow: two or three words of a title (from a vocabulary of topics, forms, places,
departments and periods), a 文号 typed in several common ways, an approval item's name or
part of it, its 事项编码, and a clause remembered from the text.
The expected documents of each query are found by brute force: every published entry whose
title (or body, or 文号, or code) contains the query text. Queries with more expected entries
than fit a top ten (five; ten for item names, three for clauses) are skipped.
"""
import json
import os
import random
import re
import sys

import yaml

CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def plain(md):
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", md)
    text = re.sub(r"[#*>|`_-]+", " ", text)
    return text


def load(corpus):
    manifest = json.load(open(os.path.join(corpus, "manifest.json"), encoding="utf-8"))
    withheld = {w["path"] for w in manifest["withheld"]}
    site = os.path.join(corpus, "gongkai")
    entries = []
    for top, _, files in sorted(os.walk(os.path.join(site, "content"))):
        for f in sorted(files):
            if not f.endswith(".md"):
                continue
            path = os.path.join(top, f)
            rel = os.path.relpath(path, site)
            if rel in withheld:
                continue
            raw = open(path, encoding="utf-8").read()
            _, fm, body = raw.split("---", 2)
            meta = yaml.safe_load(fm)
            parts = os.path.relpath(path, os.path.join(site, "content"))[:-3].split(os.sep)
            kind = parts[0]
            if kind == "approvals":
                url = f"/approvals/{str(meta['code']).lower()}/"
            elif kind == "pages":
                url = f"/{parts[-1]}/"
            elif kind == "journals":
                url = f"/journals/{parts[1]}/" if parts[-1] == "_index" else f"/journals/{parts[1]}/{parts[2]}/"
            else:
                url = f"/{kind}/{parts[-1]}/"
            entries.append({
                "url": url,
                "kind": kind,
                "title": str(meta.get("title", "")),
                "doc_number": str(meta.get("doc_number", "") or ""),
                "code": str(meta.get("code", "") or ""),
                "body": plain(body),
            })
    return entries


def expected(entries, pred, limit=5):
    hits = [e["url"] for e in entries if pred(e)]
    return hits if 1 <= len(hits) <= limit else None


def window(rng, text, lo, hi):
    runs = [r for r in CJK_RUN.findall(text) if len(r) >= lo]
    if not runs:
        return None
    run = rng.choice(runs)
    n = rng.randint(lo, min(hi, len(run)))
    start = rng.randint(0, len(run) - n)
    return run[start:start + n]


# Words a citizen would type: policy topics, document forms, places, departments, periods.
VOCAB = """
营商环境 数字政府 安全生产 民营经济 乡村振兴 新质生产力 制造业高质量发展 医药卫生体制改革
生态环境保护 高校毕业生 就业创业 城市更新 老旧小区改造 防汛抗旱 森林防火 消费扩容提质 耕地保护
科技创新 放管服 政务公开 养老服务 行政执法 人居环境整治 食品安全 义务教育 稳就业保民生
中小微企业 住房保障 碳达峰碳中和 知识产权保护 文旅融合 一网通办 基层治理
实施方案 实施意见 若干措施 管理办法 工作方案 行动计划 实施细则 暂行办法 征求意见 考核结果 督查情况
工作情况 交通管制 烟花爆竹 专项资金 政务信息报送 先进单位 讲话 工作会议 复函 请示 批复 议案
统计公报 外贸进出口 地区生产总值 固定资产投资 规模以上工业
东湖区 西山区 南港区 北城区 高新区 经开区 青石县 白沙县 临溪县 望江市
滇池路 春城大道 青年路 环湖东路 北京路 金碧路 广福路 盘龙江大道
元旦 春节 清明节 劳动节 端午节 中秋节 国庆节 元宵节
公安局 教育局 民政局 司法局 财政局 审计局 统计局 商务局 水务局 应急管理局 交通运输局 农业农村局
卫生健康委员会 医疗保障局 政务服务管理局 市场监督管理局 生态环境局 发展和改革委员会 科学技术局
工业和信息化局 人力资源和社会保障局 自然资源和规划局 住房和城乡建设局 文化和旅游局 城市管理综合执法局
2019年 2020年 2021年 2022年 2023年 2024年 2025年 2026年 第一季度 第二季度 第三季度 第四季度
""".split()
CLAUSE = re.compile(r"[，。；：、！？\n“”《》（）()]+")


def main(corpus, out):
    entries = load(corpus)
    rng = random.Random(20261126)
    titled = [e for e in entries if e["kind"] in ("documents", "bulletins")]
    items = [e for e in entries if e["kind"] == "approvals"]
    numbered = [e for e in entries if e["kind"] == "documents" and e["doc_number"]]
    queries = []

    def draw(category, count, pool, make):
        tries = 0
        while sum(1 for x in queries if x["category"] == category) < count and tries < 20000:
            tries += 1
            made = make(rng.choice(pool))
            if made and made[1] and made[0] not in {x["q"] for x in queries}:
                queries.append({"category": category, "q": made[0], "expected": made[1]})

    def title_words(e):
        words = [w for w in VOCAB if w in e["title"]]
        words = [w for w in words if not any(w != o and w in o for o in words)]
        if len(words) < 2:
            return None
        picked = rng.sample(words, rng.choice([2, 2, 3]) if len(words) > 2 else 2)
        return " ".join(picked), expected(entries, lambda x: all(w in x["title"] for w in picked))

    def docnum(e):
        n = e["doc_number"]
        style = sum(1 for x in queries if x["category"] == "文号") % 4
        m = re.match(r"(.+)〔(\d+)〕(\d+)号", n)
        if not m:
            return None
        issuer, year, serial = m.groups()
        typed = [n, f"{issuer}[{year}]{serial}号", f"{issuer}（{year}）{serial}号",
                 f"{issuer}〔{year.translate(FULLWIDTH)}〕第{serial}号"][style]
        return typed, expected(entries, lambda x: x["doc_number"] == n)

    def item_name(e):
        t = e["title"]
        return t, expected(entries, lambda x: x["kind"] == "approvals" and t in x["title"], limit=10)

    def item_part(e):
        base = e["title"].split("（")[0]
        w = base[:rng.randint(4, 6)]
        return w != base and (w, expected(entries, lambda x: x["kind"] == "approvals" and w in x["title"], limit=10))

    def code(e):
        c = e["code"]
        return c, expected(entries, lambda x: x["code"] == c)

    def phrase(e):
        clauses = [c.strip() for c in CLAUSE.split(e["body"]) if 8 <= len(c.strip()) <= 16 and " " not in c.strip()]
        if not clauses:
            return None
        c = rng.choice(clauses)
        if any(x["q"][:4] == c[:4] for x in queries):
            return None  # one clause per template, for variety
        return c, expected(entries, lambda x: c in x["body"], limit=3)

    draw("标题词", 10, titled, title_words)
    draw("文号", 8, numbered, docnum)
    draw("事项名称", 4, items, item_name)
    draw("事项名称片段", 3, items, item_part)
    draw("事项编码", 3, items, code)
    draw("正文短语", 8, [e for e in entries if e["kind"] in ("documents", "bulletins", "approvals")], phrase)
    json.dump(queries, open(out, "w", encoding="utf-8"), ensure_ascii=False, indent=1)
    print(f"{len(queries)} queries over {len(entries)} published entries → {out}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
