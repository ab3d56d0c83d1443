#!/usr/bin/env python3
"""Writes the small hostile inputs of tests/data/bad/ (see README.md).

The files are committed; this script says how each was made and remakes them
byte for byte (gzip members carry no name and mtime 0):

    python3 tests/data/bad/make_small.py tests/data/bad
"""
import gzip
import os
import sys


def gz(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def record(kind: str, uri: str, content_type: str, block: bytes) -> bytes:
    head = "WARC/1.1\r\nWARC-Type: %s\r\n" % kind
    if uri:
        head += "WARC-Target-URI: %s\r\n" % uri
    head += "WARC-Date: 2024-10-24T09:00:00Z\r\n"
    head += "Content-Type: %s\r\n" % content_type
    head += "Content-Length: %d\r\n\r\n" % len(block)
    return head.encode() + block + b"\r\n\r\n"


def page(uri: str, title: str, sentence: str) -> bytes:
    body = (
        "<!doctype html><html><head><title>%s</title>"
        '<link rel="canonical" href="%s"></head><body><article>'
        "<h1>%s</h1><p>%s</p><p>Officials said the figure could not be "
        "verified independently.</p></article></body></html>" % (title, uri, title, sentence)
    ).encode()
    http = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        b"Content-Length: %d\r\n\r\n" % len(body)
    ) + body
    return record("response", uri, "application/http; msgtype=response", http)


def warc_records(prefix: str):
    return [
        record("warcinfo", "", "application/warc-fields", b"software: make_small.py\r\n"),
        page("https://bad.example/%s/1" % prefix, "First report",
             "About 1,500 troops were sent on 18 October, the agency said."),
        page("https://bad.example/%s/2" % prefix, "Second report",
             "More than 3,000 troops were sent, officials said on 23 October."),
        page("https://bad.example/%s/3" % prefix, "Third report",
             "Some 12,000 troops are at five bases, intelligence said."),
    ]


def main(out: str) -> None:
    files = {}
    files["invalid_utf8.txt"] = (
        b"Caf\xe9 owners in Jakarta said prices rose \xc0\xaf by 3 percent "
        b"in October, according to the survey.\n"
    )
    files["binary.bin"] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    text = b"".join(b"Line %d of a report that will be cut short.\n" % i for i in range(400))
    whole = gz(text)
    files["truncated.txt.gz"] = whole[: len(whole) // 2]
    files["nul_in_text.txt"] = b"An article with a NUL\x00byte inside its text.\n"
    files["nul_raw.jsonl"] = b'{"url":"https://bad.example/nul","text":"raw \x00 byte"}\n'
    files["nul_escaped.jsonl"] = (
        b'{"url":"https://bad.example/nul-escaped","title":"Escaped NUL",'
        b'"text":"An escaped \\u0000 NUL inside a JSON string, in a report of '
        b'1,500 troops sent, officials said."}\n'
    )
    files["wrong_types.jsonl"] = (
        b'{"url":"https://bad.example/jsonl/1","text":5}\n'
        b'{"url":["https://bad.example/jsonl/2"],"text":"url is a list"}\n'
        b'{"url":"https://bad.example/jsonl/3","published":true,"text":"x"}\n'
        b'{"url":"https://bad.example/jsonl/4","html":{"p":"object"}}\n'
        b'[1,2,3]\n'
        b'"a string"\n'
        b'{"url":"https://bad.example/jsonl/5","text":\n'
        b'{"url":"https://bad.example/jsonl/6","title":"Valid line","text":'
        b'"The valid line between bad ones says 3,000 troops were sent, '
        b'officials said."}\n'
    )
    files["empty.txt"] = b""
    # Nothing but byte order marks: nothing to read once cleaned.
    files["only_boms.txt"] = b"\xef\xbb\xbf" * 3
    # A good article in UTF-16LE with its byte order mark: converted, stored.
    files["utf16_bom.txt"] = b"\xff\xfe" + (
        "Flooding in Medan damaged 40 homes on Monday, officials said.\n".encode("utf-16-le"))
    # A million nested tags, gzipped: 5 MB of markup in a few kilobytes.
    files["nesting_bomb.html.gz"] = gz(b"<html><body>" + b"<div>" * 1000000 + b"deep</body></html>")

    recs = warc_records("warc")
    plain = b"".join(recs)
    third = len(recs[0]) + len(recs[1]) + len(recs[2])
    files["truncated.warc"] = plain[: third + 200]  # inside record 4's block

    recs = warc_records("warcgz")
    members = [gz(r) for r in recs]
    files["truncated.warc.gz"] = b"".join(members[:3]) + members[3][: len(members[3]) // 2]

    recs = warc_records("damaged")
    members = [gz(r) for r in recs]
    damaged = bytearray(members[2])
    damaged[12] ^= 0x55  # the first byte of the deflate data
    files["damaged_member.warc.gz"] = members[0] + members[1] + bytes(damaged) + members[3]

    files["garbage.warc"] = b"This is not a WARC file, whatever its name says.\n"

    files["malformed.rss"] = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>\n'
        b"<title>Broken Feed</title>\n"
        b"<item><title>Kept</title><link>https://bad.example/rss/1</link>\n"
        b"<description>&lt;p&gt;The item before the damage reports 10,000 "
        b"troops in training, the president said.&lt;/p&gt;</description></item>\n"
        b"<item><title>Broken</title><link>https://bad.example/rss/2</link>\n"
        b"<description>an unclosed <b>tag</description></item>\n"
        b"<item><title>After\n"
    )
    lol = b'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY lol0 "lol">\n'
    for i in range(1, 10):
        lol += b'<!ENTITY lol%d "%s">\n' % (i, b"&lol%d;" % (i - 1) * 10)
    lol += (
        b"]>\n<rss version=\"2.0\"><channel><title>Bomb</title><item>"
        b"<link>https://bad.example/bomb</link>"
        b"<description>&lol9;</description></item></channel></rss>\n"
    )
    files["entity_bomb.xml"] = lol
    files["xxe.rss"] = (
        b'<?xml version="1.0"?>\n<!DOCTYPE rss [\n'
        b'<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'
        b'<rss version="2.0"><channel><title>XXE</title><item>'
        b"<link>https://bad.example/xxe</link>"
        b"<description>before &xxe; after</description></item></channel></rss>\n"
    )
    files["not_a_feed.xml"] = b'<?xml version="1.0"?>\n<catalog><book id="1"/></catalog>\n'

    os.makedirs(out, exist_ok=True)
    for name, data in files.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__)))
