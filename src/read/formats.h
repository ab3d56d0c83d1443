// The container formats of the read stage (not a public header): WARC and
// RSS/Atom readers, and the sniffing helpers they share with read.cc.
//
// A format reader pulls bytes from a ByteReader and hands each article, and
// each record it cannot read, to a Sink; it never throws for bad input and
// never stops at the first bad record when it can go on.
//
// Thread-safety: none of these hold state between calls; a Sink and a
// ByteReader are used by one thread at a time.
#ifndef WARTA_SRC_READ_FORMATS_H_
#define WARTA_SRC_READ_FORMATS_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "byte_reader.h"
#include "warta/document.h"
#include "warta/read.h"
#include "warta/status.h"

namespace warta::read_internal {

// Where a format reader sends what it finds. `where` names the record inside
// the input ("record 3 at byte 1024", "item 2"), as ReadError::where.
class Sink {
 public:
  virtual ~Sink() = default;
  virtual void Deliver(const std::string& where, RawArticle article) = 0;
  virtual void Report(const std::string& where, Status status) = 0;
};

// Reads the WARC records of `reader` (the inflated bytes when the file is
// gzipped; `members` is then the inflater inside `reader`, used to skip a
// damaged member and to give compressed offsets, else null). HTML responses
// with status 200 become articles with origin "<input>:record N at byte B";
// see warc.cc for what is skipped and what is reported. Defined in warc.cc.
void ReadWarc(const std::string& input, ByteReader& reader, GzipMemberReader* members,
              const ReadOptions& options, Sink& sink);

// Reads an RSS 2.0, RSS 1.0 (RDF) or Atom feed, one article per item or
// entry with origin "<input>:item N"; `id` (the file's document id) names
// items that have no link or id. `converted` says the bytes were converted
// to UTF-8 from the encoding their byte order mark gave (unicode_reader.cc):
// the XML declaration's `encoding="UTF-16"` is then ignored. Defined in
// feed.cc.
void ReadFeed(const std::string& input, const std::string& id, ByteReader& reader,
              const ReadOptions& options, Sink& sink, bool converted = false);

// "Sat, 19 Oct 2024 08:30:00 +0700" (RFC 822 / RFC 2822, as in RSS) ->
// "2024-10-19T08:30:00+07:00", keeping the time zone as written; "" when
// it is not such a date. Defined in feed.cc.
std::string Rfc822ToIso(std::string_view date);

// ASCII lower case.
std::string LowerAscii(std::string_view s);

// True when `lower` (lower-cased) holds one of the tags that mark a page,
// as a whole tag name: "<p>" and "<p class" count, "<pre" does not.
bool HasHtmlTag(std::string_view lower);

// The name of the root element of the XML document that starts `head`, as
// written ("rss", "feed", "rdf:RDF", "html"), skipping a byte order mark, an
// XML declaration, comments, processing instructions and a DOCTYPE; "" when
// `head` does not start like XML or ends before the root.
std::string XmlRootName(std::string_view head);

// True when `root` (from XmlRootName) is the root of a feed: rss, feed, or
// RDF in any namespace prefix.
bool IsFeedRoot(std::string_view root);

}  // namespace warta::read_internal

#endif  // WARTA_SRC_READ_FORMATS_H_
