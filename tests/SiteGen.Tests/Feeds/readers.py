"""Reads a built site the way its users' tools do and prints one JSON report on stdout.

Usage: /usr/bin/python3 readers.py <site-dir>

- RSS (*.xml except sitemap.xml): feedparser, the feed reader library most readers build on.
- iCalendar (*.ics): the icalendar package; also the raw RFC 5545 line rules (CRLF, <= 75 octets).
- JSON (data/**/*.json): jsonschema against the schema the site ships (data/schema/*.schema.json).
Every text a reader would show is included decoded (entities resolved, lines unfolded), so the C#
tests can look for closed content in what users actually see, not only in raw bytes.
"""
import copy
import csv
import datetime
import glob
import json
import os
import sys

import feedparser
import icalendar
import jsonschema


def iso(struct):
    return None if struct is None else datetime.datetime(*struct[:6], tzinfo=datetime.timezone.utc).isoformat()


def read_feed(path):
    with open(path, "rb") as f:
        raw = f.read()
    d = feedparser.parse(raw)
    self_links = [l.get("href") for l in d.feed.get("links", []) if l.get("rel") == "self"]
    return {
        "bozo": bool(d.bozo),
        "bozo_exception": repr(d.get("bozo_exception")) if d.bozo else None,
        "version": d.version,
        "title": d.feed.get("title"),
        "link": d.feed.get("link"),
        "language": d.feed.get("language"),
        "self": self_links,
        "updated": iso(d.feed.get("updated_parsed")),
        "entries": [
            {
                "title": e.get("title"),
                "link": e.get("link"),
                "id": e.get("id"),
                "guidislink": e.get("guidislink"),
                "published": iso(e.get("published_parsed")),
                "updated": iso(e.get("updated_parsed")),
                "summary": e.get("summary"),
                "tags": [t.get("term") for t in e.get("tags", [])],
            }
            for e in d.entries
        ],
    }


def read_calendar(path):
    with open(path, "rb") as f:
        raw = f.read()
    lines = raw.split(b"\r\n")
    cal = icalendar.Calendar.from_ical(raw)
    events = []
    for ev in cal.walk("VEVENT"):
        start = ev.decoded("DTSTART")
        end = ev.decoded("DTEND")
        events.append({
            "uid": str(ev.get("UID")),
            "summary": str(ev.get("SUMMARY")),
            "location": str(ev.get("LOCATION")),
            "url": str(ev.get("URL")),
            "description": str(ev.get("DESCRIPTION")),
            "tzid": ev["DTSTART"].params.get("TZID"),
            "start": start.isoformat(),
            "start_utc": start.astimezone(datetime.timezone.utc).isoformat(),
            "end_utc": end.astimezone(datetime.timezone.utc).isoformat(),
            "dtstamp": ev.decoded("DTSTAMP").isoformat(),
            "sequence": int(ev.get("SEQUENCE", 0)),
        })
    return {
        "name": str(cal.get("X-WR-CALNAME")),
        "version": str(cal.get("VERSION")),
        "prodid": str(cal.get("PRODID")),
        "timezones": [str(tz.get("TZID")) for tz in cal.walk("VTIMEZONE")],
        "ends_with_crlf": raw.endswith(b"\r\n"),
        "bare_lf": b"\n" in raw.replace(b"\r\n", b""),
        "longest_line": max(len(l) for l in lines),
        "events": events,
    }


def kind(rel):
    name = os.path.basename(rel)
    if rel == "data/sager.json":
        return "PaperList"
    if rel.startswith("data/sager/"):
        return "Paper"
    if name == "udvalg.json":
        return "OrganizationList"
    if name == "moeder.json":
        return "MeetingList"
    return "Meeting"


def validate_data(root):
    schemas = glob.glob(os.path.join(root, "data", "schema", "*.schema.json"))
    with open(schemas[0], encoding="utf-8") as f:
        schema = json.load(f)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)

    def of_kind(k):
        return {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": "#/$defs/" + k}

    files = {}
    meeting_docs = []
    for path in sorted(glob.glob(os.path.join(root, "data", "**", "*.json"), recursive=True)):
        rel = os.path.relpath(path, root).replace(os.sep, "/")
        if rel.startswith("data/schema/"):
            continue
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        errors = [e.message for e in validator_class(schema).iter_errors(doc)]
        errors += [e.message for e in validator_class(of_kind(kind(rel))).iter_errors(doc)]
        files[rel] = {"kind": kind(rel), "errors": errors, "doc": doc}
        if kind(rel) == "Meeting":
            meeting_docs.append(doc)

    # The schema must reject what may never be published: a closed item with more than its placeholder.
    negative = {}
    closed = [(d, i) for d in meeting_docs for i, a in enumerate(d.get("agendaItem", [])) if a.get("public") is False]
    if closed:
        doc, i = closed[0]
        bad = copy.deepcopy(doc)
        bad["agendaItem"][i]["sitegen:sagsnr"] = "19/99999"
        negative["closed_item_with_case_number_rejected"] = not validator_class(schema).is_valid(bad)
        bad = copy.deepcopy(doc)
        bad["agendaItem"][i]["auxiliaryFile"] = []
        negative["closed_item_with_files_rejected"] = not validator_class(schema).is_valid(bad)
    # Published HTML holds only what a page shows: nothing the sanitizer drops.
    sections = [(d, i, j) for d in meeting_docs for i, a in enumerate(d.get("agendaItem", []))
                for j, _ in enumerate(a.get("sitegen:sektioner", []))]
    if sections:
        doc, i, j = sections[0]
        for name, html in [
            ("html_with_comment_rejected", "<p>tekst <!-- skjult --></p>"),
            ("html_with_link_title_rejected", '<p><a href="https://e.dk" title="skjult">x</a></p>'),
            ("html_with_image_rejected", '<p><img src="https://e.dk/skjult.png" alt="x"></p>'),
            ("html_with_script_rejected", "<p>x</p><script>skjult()</script>"),
        ]:
            bad = copy.deepcopy(doc)
            bad["agendaItem"][i]["sitegen:sektioner"][j]["html"] = html
            negative[name] = not validator_class(schema).is_valid(bad)
    if meeting_docs:
        # Text values are plain text: a title that reads "<b>" is data, not markup, and is valid as such.
        ok = copy.deepcopy(meeting_docs[0])
        ok["name"] = "Vej & Park <b>fed</b>"
        negative["plain_text_with_angle_brackets_accepted"] = validator_class(schema).is_valid(ok)
        bad = copy.deepcopy(meeting_docs[0])
        del bad["id"]
        negative["meeting_without_id_rejected"] = not validator_class(schema).is_valid(bad)
    return {"schema": os.path.relpath(schemas[0], root), "schemas": len(schemas), "files": files, "negative": negative}


def read_csv(path):
    """The decisions table as a spreadsheet or pandas would read it (csv module, RFC 4180)."""
    with open(path, "rb") as f:
        raw = f.read()
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    return {
        "bom": raw.startswith(b"\xef\xbb\xbf"),
        "crlf_records": records_end_in_crlf(raw),
        "rows": rows,
    }


def records_end_in_crlf(raw):
    """RFC 4180: every record ends in CRLF (a line break inside a quoted field is data)."""
    quoted = False
    for i, b in enumerate(raw):
        if b == ord('"'):
            quoted = not quoted
        elif b == ord("\n") and not quoted and raw[i - 1:i] != b"\r":
            return False
    return raw.endswith(b"\r\n")


def main():
    root = sys.argv[1]
    report = {"feeds": {}, "calendars": {}}
    for path in sorted(glob.glob(os.path.join(root, "**", "*.xml"), recursive=True)):
        rel = os.path.relpath(path, root).replace(os.sep, "/")
        if rel != "sitemap.xml":
            report["feeds"][rel] = read_feed(path)
    for path in sorted(glob.glob(os.path.join(root, "**", "*.ics"), recursive=True)):
        report["calendars"][os.path.relpath(path, root).replace(os.sep, "/")] = read_calendar(path)
    report["data"] = validate_data(root)
    report["csv"] = {}
    for path in sorted(glob.glob(os.path.join(root, "data", "*.csv"))):
        report["csv"][os.path.relpath(path, root).replace(os.sep, "/")] = read_csv(path)
    json.dump(report, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
