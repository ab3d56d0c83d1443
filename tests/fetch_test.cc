// `warta fetch` and `warta watch` end to end: the built binary against a
// fixture site on 127.0.0.1 served by this process (fixture_site.h), with a
// real SQLite file read back directly. Faults on demand: slow responses,
// 500s, 429 with Retry-After, redirect loops, a 50 MB page, a charset header
// that lies, compressed transfer, feeds that change between polls, feeds
// with entities, robots.txt, and a watcher killed mid-poll.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "fixture_site.h"
#include "serve_test_util.h"
#include "test_util.h"
#include "webhook_receiver.h"

namespace {

namespace fs = std::filesystem;
using warta_test::ArticlePage;
using warta_test::FixtureSite;
using warta_test::LoggedRequest;
using Clock = std::chrono::steady_clock;

using warta_test::RunResult;
using warta_test::Slurp;
using warta_test::WriteFile;

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

class FetchTest : public warta_test::CliFixture {
 protected:
  FetchTest() : CliFixture("warta_fetch_") {}

  // The rows of `sql` on the test's database, each row's columns joined by '|'.
  std::vector<std::string> Query(const std::string& sql) {
    sqlite3* db = nullptr;
    std::vector<std::string> rows;
    if (sqlite3_open_v2(db_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << "cannot open " << db_;
      sqlite3_close(db);
      return rows;
    }
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << sqlite3_errmsg(db) << " in " << sql;
    } else {
      while (sqlite3_step(stmt) == SQLITE_ROW) {
        std::string row;
        for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
          const unsigned char* t = sqlite3_column_text(stmt, i);
          row += (i ? "|" : "") + std::string(t ? reinterpret_cast<const char*>(t) : "");
        }
        rows.push_back(row);
      }
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return rows;
  }
  std::set<std::string> DocIds() {
    std::vector<std::string> rows = Query("SELECT id FROM documents");
    return {rows.begin(), rows.end()};
  }
  std::string Text(const std::string& id) {
    std::vector<std::string> rows = Query("SELECT text FROM documents WHERE id = '" + id + "'");
    return rows.empty() ? "" : rows[0];
  }
  std::string Feeds(const std::vector<std::string>& urls) {
    std::string list = "# feeds of the test\n\n";
    for (const std::string& u : urls) list += u + "\n";
    fs::path p = dir_ / "feeds.txt";
    WriteFile(p, list);
    return p.string();
  }
};

// --- warta fetch ---------------------------------------------------------

TEST_F(FetchTest, FetchStoresPagesWithTheirHttpMetadata) {
  FixtureSite site;
  site.Page("/news/a.html", ArticlePage("Flood in Demak", "Floods displaced 3,000 people."),
            "text/html; charset=utf-8",
            {{"Last-Modified", "Tue, 15 Oct 2024 08:00:00 GMT"},
             {"Date", "Wed, 16 Oct 2024 09:30:00 GMT"}});
  site.Page("/news/b.html", ArticlePage("Quake in Cianjur", "The quake killed 268 people."));
  site.Handle("/old", [&](const httplib::Request&, httplib::Response& res) {
    res.set_redirect(site.Url("/news/b.html"), 301);
  });
  const std::string a = site.Url("/news/a.html"), old = site.Url("/old");
  RunResult r = Warta("fetch --contact desk@example.org '" + a + "' '" + old + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("2 new"), std::string::npos) << r.err;
  EXPECT_EQ(DocIds(), (std::set<std::string>{a, old}));
  EXPECT_NE(Text(a).find("Floods displaced 3,000 people."), std::string::npos);
  EXPECT_NE(Text(old).find("The quake killed 268 people."), std::string::npos);
  // The final URL after the redirect and what HTTP said of the page.
  std::vector<std::string> rows =
      Query("SELECT url, doc_id, final_url, status, last_modified, http_date "
            "FROM fetched_pages ORDER BY url");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], a + "|" + a + "|" + a +
                         "|200|Tue, 15 Oct 2024 08:00:00 GMT|Wed, 16 Oct 2024 09:30:00 GMT");
  EXPECT_EQ(rows[1], old + "|" + old + "|" + site.Url("/news/b.html") + "|200||");
  // Metadata url: the final URL (the page names no canonical one).
  EXPECT_EQ(Query("SELECT url FROM documents WHERE id = '" + old + "'"),
            std::vector<std::string>{site.Url("/news/b.html")});
  for (const LoggedRequest& req : site.Log()) {
    EXPECT_EQ(req.user_agent.rfind("Warta/", 0), 0u) << req.user_agent;
    EXPECT_NE(req.user_agent.find("mailto:desk@example.org"), std::string::npos);
  }
  // Fetching again changes nothing.
  r = Warta("fetch '" + a + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("1 unchanged"), std::string::npos) << r.err;
}

TEST_F(FetchTest, EachFaultIsNamedAndTheBatchGoesOn) {
  FixtureSite site;
  site.Page("/good.html", ArticlePage("Good page", "Rescuers reached the village."));
  site.Handle("/slow", [](const httplib::Request&, httplib::Response& res) {
    std::this_thread::sleep_for(std::chrono::seconds(3));
    res.set_content(ArticlePage("Slow", "Too late."), "text/html");
  });
  site.Handle("/error", [](const httplib::Request&, httplib::Response& res) {
    res.status = 500;
    res.set_content("boom", "text/plain");
  });
  site.Handle("/loop1", [&](const httplib::Request&, httplib::Response& res) {
    res.set_redirect(site.Url("/loop2"), 302);
  });
  site.Handle("/loop2", [&](const httplib::Request&, httplib::Response& res) {
    res.set_redirect(site.Url("/loop1"), 302);
  });
  constexpr size_t kBig = 50u << 20;
  // 50 MB sent in chunks, with no length announced (a type the server does
  // not compress).
  site.Handle("/big", [](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("application/octet-stream", [](size_t offset,
                                                                    httplib::DataSink& sink) {
      static const std::string chunk(64 * 1024, 'x');
      if (offset >= kBig) {
        sink.done();
        return true;
      }
      return sink.write(chunk.data(), chunk.size());
    });
  });
  // 50 MB announced by Content-Length: refused before the body.
  site.Handle("/big-declared", [](const httplib::Request&, httplib::Response& res) {
    res.set_content_provider(kBig, "application/octet-stream",
                             [](size_t, size_t length, httplib::DataSink& sink) {
                               static const std::string chunk(64 * 1024, 'y');
                               return sink.write(chunk.data(), std::min(length, chunk.size()));
                             });
  });
  // The timeout on its own, so that the other transfers have time.
  Clock::time_point start = Clock::now();
  RunResult slow = Warta("fetch --timeout 1 '" + site.Url("/slow") + "'");
  EXPECT_EQ(slow.code, 1) << slow.err;
  EXPECT_NE(slow.err.find(site.Url("/slow") + ": I/O error: timed out after 1.0 s"),
            std::string::npos)
      << slow.err;
  EXPECT_LT(Seconds(Clock::now() - start), 2.9);  // not the 3 s the page takes

  std::vector<std::string> urls = {"/error", "/loop1", "/big", "/big-declared", "/missing",
                                   "/good.html"};
  std::string list = "# one URL a line\n";
  for (const std::string& u : urls) list += site.Url(u) + "\n";
  list += "ftp://127.0.0.1/file\n";
  WriteFile(dir_ / "urls.txt", list);
  start = Clock::now();
  RunResult r = Warta("fetch --urls '" + (dir_ / "urls.txt").string() + "'");
  const double elapsed = Seconds(Clock::now() - start);
  EXPECT_EQ(r.code, 1) << r.err;
  auto said = [&](const std::string& path, const std::string& what) {
    const std::string url = site.Url(path);
    bool found = false;
    std::istringstream lines(r.err);
    for (std::string line; std::getline(lines, line);) {
      if (line.find(url + ":") != std::string::npos && line.find(what) != std::string::npos) {
        found = true;
      }
    }
    EXPECT_TRUE(found) << path << " not reported with '" << what << "' in:\n" << r.err;
  };
  said("/error", "HTTP 500 Internal Server Error");
  said("/loop1", "more than 5 redirects (a redirect loop?)");
  said("/big", "over the size limit of 33554432 bytes");
  said("/big-declared", "over the size limit");
  said("/missing", "HTTP 404");
  EXPECT_NE(r.err.find("ftp://127.0.0.1/file: invalid argument: only http and https"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("1 new"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("6 rejected"), std::string::npos) << r.err;
  EXPECT_EQ(DocIds(), std::set<std::string>{site.Url("/good.html")});
  // The loop stopped at the limit: 1 + 5 redirects followed.
  EXPECT_EQ(site.Count("/loop1") + site.Count("/loop2"), 6);
  // Nothing read 50 MB.
  EXPECT_LT(elapsed, 20.0);
  std::cout << "six faulty URLs and a good one in " << elapsed << " s\n";
  // Each failure is kept beside the URL.
  EXPECT_EQ(Query("SELECT status FROM fetched_pages WHERE url = '" + site.Url("/error") + "'"),
            std::vector<std::string>{"500"});
}

TEST_F(FetchTest, CharsetHeaderThatLiesLosesToThePage) {
  FixtureSite site;
  // The header says Latin-1; the page is UTF-8 and says so.
  site.Page("/utf8.html",
            ArticlePage("Caf\xC3\xA9 Ol\xC3\xA9", "The caf\xC3\xA9 in S\xC3\xA3o Paulo closed.",
                        "<meta charset=\"utf-8\">"),
            "text/html; charset=ISO-8859-1");
  // The header says UTF-8; the page is windows-1252 and says so.
  site.Page("/latin.html",
            ArticlePage("Caf\xE9", "The caf\xE9 in S\xE3o Paulo reopened \x93today\x94.",
                        "<meta http-equiv=\"Content-Type\" content=\"text/html; "
                        "charset=windows-1252\">"),
            "text/html; charset=utf-8");
  RunResult r = Warta("fetch '" + site.Url("/utf8.html") + "' '" + site.Url("/latin.html") + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(Text(site.Url("/utf8.html")).find("The caf\xC3\xA9 in S\xC3\xA3o Paulo closed."),
            std::string::npos);
  EXPECT_NE(Text(site.Url("/latin.html"))
                .find("The caf\xC3\xA9 in S\xC3\xA3o Paulo reopened \xE2\x80\x9Ctoday\xE2\x80\x9D."),
            std::string::npos)
      << Text(site.Url("/latin.html"));
}

TEST_F(FetchTest, CompressedTransfer) {
  FixtureSite site;
  const std::string page = ArticlePage("Compressed", "Officials counted 1,200 homes damaged.");
  site.Page("/gz.html", page, "text/html; charset=utf-8");
  RunResult r = Warta("fetch '" + site.Url("/gz.html") + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  std::vector<LoggedRequest> log = site.Log();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_NE(log[0].accept_encoding.find("gzip"), std::string::npos) << log[0].accept_encoding;
  std::vector<std::string> encodings = site.ResponseEncodings();
  ASSERT_EQ(encodings.size(), 1u);
  EXPECT_FALSE(encodings[0].empty()) << "the server did not compress";
  // Stored as the page itself, decompressed.
  EXPECT_EQ(Query("SELECT content_bytes FROM documents"),
            std::vector<std::string>{std::to_string(page.size())});
  EXPECT_NE(Text(site.Url("/gz.html")).find("1,200 homes damaged"), std::string::npos);
}

TEST_F(FetchTest, UsageErrors) {
  RunResult r = Warta("fetch --urls '" + (dir_ / "nope.txt").string() + "'");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("nope.txt"), std::string::npos) << r.err;
  r = Warta("fetch");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("no URL to fetch"), std::string::npos) << r.err;
  r = Warta("watch --feeds '" + Feeds({}) + "' --once");
  EXPECT_EQ(r.code, 2);
  r = Warta("watch --feeds '" + Feeds({"http://127.0.0.1:1/f"}) + "' --every 5x --once");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--every"), std::string::npos) << r.err;
}

// --- warta watch ---------------------------------------------------------

std::string Rss(const std::vector<std::string>& links) {
  std::string items;
  for (const std::string& l : links) items += "<item><title>t</title><link>" + l + "</link></item>\n";
  return "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Fixture</title>\n" +
         items + "</channel></rss>\n";
}

// A feed whose body and ETag the test changes between polls, answering
// 304 to a request that names the current ETag.
struct ChangingFeed {
  std::mutex mu;
  std::string body, etag;
  void Set(std::string b, std::string e) {
    std::lock_guard<std::mutex> lock(mu);
    body = std::move(b);
    etag = std::move(e);
  }
  void Serve(const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(mu);
    res.set_header("ETag", etag);
    if (req.get_header_value("If-None-Match") == etag) {
      res.status = 304;
      return;
    }
    res.set_content(body, "application/rss+xml");
  }
};

TEST_F(FetchTest, WatchFollowsAFeedThatChangesBetweenPolls) {
  FixtureSite site;
  for (const char* p : {"/a", "/b", "/c"}) {
    site.Page(p, ArticlePage(std::string("Story ") + p, std::string("Report ") + p + " says 12 died."));
  }
  ChangingFeed feed;
  feed.Set(Rss({site.Url("/a"), site.Url("/b")}), "\"v1\"");
  site.Handle("/feed.xml", [&](const httplib::Request& q, httplib::Response& r) { feed.Serve(q, r); });
  const std::string feeds = Feeds({site.Url("/feed.xml")});
  const std::string cmd = "watch --feeds '" + feeds + "' --once --delay 0 --contact desk@example.org";

  RunResult r = Warta(cmd);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(DocIds(), (std::set<std::string>{site.Url("/a"), site.Url("/b")}));
  EXPECT_EQ(site.Count("/robots.txt"), 1);

  // Unchanged: a conditional GET answered 304, and no item fetched again.
  r = Warta(cmd);
  ASSERT_EQ(r.code, 0) << r.err;
  std::vector<LoggedRequest> log = site.Log();
  ASSERT_FALSE(log.empty());
  EXPECT_EQ(log.back().path, "/feed.xml");
  EXPECT_EQ(log.back().if_none_match, "\"v1\"");
  EXPECT_NE(r.err.find("not modified"), std::string::npos) << r.err;

  // Changed: b stays, c is new; only c is fetched.
  feed.Set(Rss({site.Url("/b"), site.Url("/c")}), "\"v2\"");
  r = Warta(cmd);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(DocIds(), (std::set<std::string>{site.Url("/a"), site.Url("/b"), site.Url("/c")}));
  EXPECT_EQ(site.Count("/a"), 1);
  EXPECT_EQ(site.Count("/b"), 1);
  EXPECT_EQ(site.Count("/c"), 1);
  EXPECT_EQ(site.Count("/feed.xml"), 3);
  EXPECT_EQ(Query("SELECT etag, failures FROM watch_feeds"), std::vector<std::string>{"\"v2\"|0"});
  EXPECT_EQ(Query("SELECT COUNT(*) FROM watch_items WHERE state = 'done'"),
            std::vector<std::string>{"3"});
  for (const LoggedRequest& req : site.Log()) {
    EXPECT_NE(req.user_agent.find("Warta/"), std::string::npos);
    EXPECT_NE(req.user_agent.find("desk@example.org"), std::string::npos);
  }
}

TEST_F(FetchTest, WatchIfModifiedSince) {
  FixtureSite site;
  site.Page("/a", ArticlePage("Story a", "Report a says 12 died."));
  const std::string stamp = "Tue, 15 Oct 2024 08:00:00 GMT";
  std::string feed = Rss({site.Url("/a")});
  site.Handle("/feed.xml", [&](const httplib::Request& req, httplib::Response& res) {
    res.set_header("Last-Modified", stamp);
    if (req.get_header_value("If-Modified-Since") == stamp) {
      res.status = 304;
      return;
    }
    res.set_content(feed, "application/rss+xml");
  });
  const std::string cmd = "watch --feeds '" + Feeds({site.Url("/feed.xml")}) + "' --once --delay 0";
  ASSERT_EQ(Warta(cmd).code, 0);
  ASSERT_EQ(Warta(cmd).code, 0);
  std::vector<LoggedRequest> log = site.Log();
  EXPECT_EQ(log.back().if_modified_since, stamp);
  EXPECT_EQ(site.Count("/a"), 1);
}

TEST_F(FetchTest, WatchFeedWithEntitiesAndSitemaps) {
  FixtureSite site;
  site.Page("/p", ArticlePage("Entity story", "The ministry said 40 homes burned."));
  site.Page("/n1", ArticlePage("News one", "Police said 7 were arrested."));
  site.Page("/n2", ArticlePage("News two", "Officials said 9 were hurt."));
  // &amp; in a link, a character reference, and an undeclared &nbsp;.
  site.Page("/entities.xml",
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Kabar &amp; "
            "Berita&nbsp;&#8212;</title><item><title>Caf&#233;</title><link>/p?id=1&amp;x=2</link>"
            "</item></channel></rss>",
            "application/rss+xml");
  site.Page("/sitemap_index.xml",
            "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><sitemap>"
            "<loc>" + site.Url("/news-sitemap.xml") + "</loc></sitemap></sitemapindex>",
            "application/xml");
  site.Page("/news-sitemap.xml",
            "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
            "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\"><url><loc>" +
                site.Url("/n1") + "</loc><news:news><news:publication_date>2024-10-18"
                "</news:publication_date></news:news></url><url><loc>/n2</loc></url></urlset>",
            "application/xml");
  RunResult r = Warta("watch --feeds '" +
                      Feeds({site.Url("/entities.xml"), site.Url("/sitemap_index.xml")}) +
                      "' --once --delay 0");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(DocIds(), (std::set<std::string>{site.Url("/p?id=1&x=2"), site.Url("/n1"),
                                             site.Url("/n2")}));
  EXPECT_EQ(site.Count("/p?id=1&x=2"), 1);
  EXPECT_EQ(Query("SELECT url, parent_url FROM watch_feeds WHERE parent_url IS NOT NULL"),
            std::vector<std::string>{site.Url("/news-sitemap.xml") + "|" +
                                     site.Url("/sitemap_index.xml")});
}

TEST_F(FetchTest, WatchHonoursRobotsAndCrawlDelay) {
  FixtureSite site;
  site.Page("/robots.txt",
            "User-agent: *\nDisallow: /\n\nUser-agent: Warta\nDisallow: /private/\n"
            "Crawl-delay: 1\n",
            "text/plain");
  site.Page("/open/1", ArticlePage("Open one", "Open page one says 3 died."));
  site.Page("/open/2", ArticlePage("Open two", "Open page two says 4 died."));
  site.Page("/private/x", ArticlePage("Private", "Never fetched."));
  site.Page("/feed.xml", Rss({site.Url("/open/1"), site.Url("/private/x"), site.Url("/open/2")}),
            "application/rss+xml");
  RunResult r = Warta("watch --feeds '" + Feeds({site.Url("/feed.xml")}) + "' --once --delay 0");
  EXPECT_EQ(r.code, 1) << r.err;  // the forbidden item is reported
  EXPECT_NE(r.err.find(site.Url("/private/x") + ": failed precondition: disallowed by robots.txt"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(site.Count("/private/x"), 0);
  EXPECT_EQ(DocIds(), (std::set<std::string>{site.Url("/open/1"), site.Url("/open/2")}));
  EXPECT_EQ(Query("SELECT state FROM watch_items WHERE url = '" + site.Url("/private/x") + "'"),
            std::vector<std::string>{"failed"});
  // One request at a time, a second apart (Crawl-delay: 1 beats --delay 0).
  std::vector<LoggedRequest> log = site.Log();
  ASSERT_EQ(log.size(), 4u);  // robots.txt, feed, two pages
  for (size_t i = 1; i < log.size(); ++i) {
    EXPECT_GE(Seconds(log[i].at - log[i - 1].at), 0.95) << log[i].path;
  }
}

TEST_F(FetchTest, WatchBacksOffOn429And5xx) {
  FixtureSite site;
  std::atomic<int> busy_calls{0}, flaky_calls{0};
  site.Handle("/busy", [&](const httplib::Request&, httplib::Response& res) {
    if (busy_calls++ == 0) {
      res.status = 429;
      res.set_header("Retry-After", "1");
      return;
    }
    res.set_content(ArticlePage("Busy", "The busy page says 5 died."), "text/html");
  });
  site.Handle("/flaky", [&](const httplib::Request&, httplib::Response& res) {
    if (flaky_calls++ < 2) {
      res.status = 503;
      return;
    }
    res.set_content(ArticlePage("Flaky", "The flaky page says 6 died."), "text/html");
  });
  site.Handle("/down", [&](const httplib::Request&, httplib::Response& res) { res.status = 500; });
  site.Page("/feed.xml", Rss({site.Url("/busy"), site.Url("/flaky"), site.Url("/down")}),
            "application/rss+xml");
  RunResult r = Warta("watch --feeds '" + Feeds({site.Url("/feed.xml")}) +
                      "' --once --delay 0 --backoff 0.2");
  EXPECT_EQ(r.code, 1) << r.err;  // /down is reported
  EXPECT_EQ(DocIds(), (std::set<std::string>{site.Url("/busy"), site.Url("/flaky")}));
  std::vector<LoggedRequest> log = site.Log();
  auto times = [&](const std::string& path) {
    std::vector<Clock::time_point> t;
    for (const LoggedRequest& q : log) {
      if (q.path == path) t.push_back(q.at);
    }
    return t;
  };
  std::vector<Clock::time_point> busy = times("/busy"), flaky = times("/flaky"),
                                 down = times("/down");
  ASSERT_EQ(busy.size(), 2u);
  EXPECT_GE(Seconds(busy[1] - busy[0]), 0.95);  // Retry-After: 1 over --backoff 0.2
  ASSERT_EQ(flaky.size(), 3u);
  EXPECT_GE(Seconds(flaky[1] - flaky[0]), 0.19);  // 0.2 s, then doubled
  EXPECT_GE(Seconds(flaky[2] - flaky[1]), 0.39);
  ASSERT_EQ(down.size(), 4u);  // four tries in a poll, then put off
  EXPECT_EQ(Query("SELECT state, attempts FROM watch_items WHERE url = '" + site.Url("/down") +
                  "'"),
            std::vector<std::string>{"pending|1"});
}

// SIGKILL of the watcher while it fetches items, then a restart: every item
// ends stored, and no item stored before the kill is requested again.
TEST_F(FetchTest, KilledWatcherResumesWithoutRefetchingOrLosing) {
  FixtureSite site;
  constexpr int kItems = 8;
  std::vector<std::string> links;
  for (int i = 0; i < kItems; ++i) {
    const std::string path = "/item" + std::to_string(i);
    site.Handle(path, [i](const httplib::Request&, httplib::Response& res) {
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
      res.set_content(ArticlePage("Item " + std::to_string(i),
                                  "Item " + std::to_string(i) + " reports " +
                                      std::to_string(10 + i) + " deaths."),
                      "text/html");
    });
    links.push_back(site.Url(path));
  }
  site.Page("/feed.xml", Rss(links), "application/rss+xml");
  const std::string feeds = Feeds({site.Url("/feed.xml")});

  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    execl(WARTA_BINARY, WARTA_BINARY, "--db", db_.c_str(), "watch", "--feeds", feeds.c_str(),
          "--once", "--delay", "0", static_cast<char*>(nullptr));
    _exit(127);
  }
  // Kill it in the middle of the items.
  Clock::time_point deadline = Clock::now() + std::chrono::seconds(60);
  auto items_requested = [&] {
    int n = 0;
    for (const LoggedRequest& q : site.Log()) n += q.path.rfind("/item", 0) == 0;
    return n;
  };
  while (items_requested() < kItems / 2 && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // mid-request
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the watcher ended before it was killed";

  std::set<std::string> before = DocIds();
  ASSERT_GE(before.size(), 1u);
  ASSERT_LT(before.size(), static_cast<size_t>(kItems));
  // Every item was written down before any was fetched.
  EXPECT_EQ(Query("SELECT COUNT(*) FROM watch_items"),
            std::vector<std::string>{std::to_string(kItems)});

  RunResult r = Warta("watch --feeds '" + feeds + "' --once --delay 0");
  ASSERT_EQ(r.code, 0) << r.err;
  std::set<std::string> after = DocIds();
  EXPECT_EQ(after, std::set<std::string>(links.begin(), links.end()));
  for (const std::string& url : links) {
    const std::string path = url.substr(url.find("/item"));
    if (before.count(url)) {
      EXPECT_EQ(site.Count(path), 1) << path << " was stored before the kill, yet fetched again";
    } else {
      EXPECT_GE(site.Count(path), 1) << path;
      EXPECT_LE(site.Count(path), 2) << path;
    }
  }
  EXPECT_EQ(Query("SELECT COUNT(*) FROM watch_items WHERE state = 'done'"),
            std::vector<std::string>{std::to_string(kItems)});
  std::cout << "killed after " << before.size() << " of " << kItems << " items stored\n";
}

// --- alerts --------------------------------------------------------------

std::string Seed(const std::string& prefix) {
  for (const auto& e : fs::directory_iterator(std::string(WARTA_SOURCE_DATA_DIR) + "/corpus/seeds")) {
    if (e.path().filename().string().rfind(prefix, 0) == 0) return Slurp(e.path());
  }
  return "";
}

// The seed articles named by `seeds` ("000", ...) as JSON Lines, as POST
// /api/ingest and `warta ingest x.jsonl` read them.
std::string SeedLines(const std::vector<std::string>& seeds) {
  std::string body;
  for (const std::string& n : seeds) {
    body += nlohmann::json{{"id", n + ".txt"}, {"text", Seed(n)}}.dump() + "\n";
  }
  return body;
}

// The sample corpus's story, fed in two polls: the verdict lines its ledger
// gains in the second are new alerts (among them the conflict between NIS's
// and Zelensky's troop counts), a poll that adds nothing raises none, and
// `warta alerts` and GET /api/alerts list them.
TEST_F(FetchTest, AlertsWhenAStorysLedgerGainsAVerdict) {
  FixtureSite site;
  std::vector<std::string> links;
  for (const char* n : {"000", "001", "002", "003", "004"}) {
    const std::string path = std::string("/seeds/") + n + ".txt";
    site.Page(path, Seed(n), "text/plain; charset=utf-8");
    links.push_back(site.Url(path));
  }
  ChangingFeed feed;
  feed.Set(Rss({links[0], links[1]}), "\"v1\"");
  site.Handle("/feed.xml", [&](const httplib::Request& q, httplib::Response& r) { feed.Serve(q, r); });
  const std::string cmd = "watch --feeds '" + Feeds({site.Url("/feed.xml")}) + "' --once --delay 0";
  RunResult r = Warta(cmd);
  ASSERT_EQ(r.code, 0) << r.err;
  const size_t first = Query("SELECT seq FROM alerts").size();

  feed.Set(Rss(links), "\"v2\"");
  r = Warta(cmd);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("alert: story-"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(": conflicting: NIS 3,000 (2024-10-25) vs Volodymyr Zelensky 10,000"),
            std::string::npos)
      << r.err;
  std::vector<std::string> all = Query("SELECT kind FROM alerts");
  EXPECT_GT(all.size(), first);

  // Nothing new: no alert.
  r = Warta(cmd);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err.find("alert:"), std::string::npos) << r.err;
  EXPECT_EQ(Query("SELECT kind FROM alerts").size(), all.size());

  r = Warta("alerts --format jsonl");
  ASSERT_EQ(r.code, 0) << r.err;
  size_t lines = 0, conflicting = 0;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line); ++lines) {
    if (line.find("\"kind\":\"conflicting\"") != std::string::npos) ++conflicting;
    EXPECT_NE(line.find("\"claims\":["), std::string::npos) << line;  // the claims behind it
  }
  EXPECT_EQ(lines, all.size());
  EXPECT_GE(conflicting, 1u);
  r = Warta("alerts --since 2099-01-01");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.find("conflicting"), std::string::npos) << r.out;
  r = Warta("alerts --since yesterday");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--since"), std::string::npos) << r.err;

  warta::serve_test::ServerProcess server(db_, dir_ / "serve.log", {});
  ASSERT_NE(server.port(), 0) << server.log();
  httplib::Client client("127.0.0.1", server.port());
  httplib::Result got = client.Get("/api/alerts?since=1h");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, 200) << got->body;
  EXPECT_EQ(got->body.rfind("{\"alerts\":[{\"seq\":", 0), 0u) << got->body;
  EXPECT_NE(got->body.find("Volodymyr Zelensky 10,000"), std::string::npos);
  // Each alert names its story and keeps its figures and claims, not their
  // numbers in a ledger that has changed since.
  nlohmann::json listed = nlohmann::json::parse(got->body);
  size_t figures_named = 0;
  for (const nlohmann::json& a : listed["alerts"]) {
    EXPECT_FALSE(a.value("story_label", std::string()).empty()) << a.dump();
    for (const nlohmann::json& f : a["verdict"]["figures"]) {
      EXPECT_TRUE(f.contains("label") && f.contains("date") && f["reports"].is_array()) << f.dump();
      figures_named += f.contains("label");
    }
    for (const nlohmann::json& c : a["verdict"]["claims"]) {
      EXPECT_TRUE(c.is_object() && c.contains("quote") && c.contains("doc")) << c.dump();
    }
  }
  EXPECT_GT(figures_named, 0u);
  // The conflicts as an Atom feed: well-formed (libxml2, no recovery), one
  // entry per conflict, each linked to its story's page.
  got = client.Get("/api/alerts.atom?kind=conflicting");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, 200) << got->body;
  EXPECT_EQ(got->get_header_value("Content-Type"), "application/atom+xml; charset=utf-8");
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> atom(
      xmlReadMemory(got->body.data(), static_cast<int>(got->body.size()), "alerts.atom", nullptr,
                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING),
      xmlFreeDoc);
  ASSERT_NE(atom, nullptr) << got->body;
  size_t entries = 0;
  for (xmlNode* n = xmlDocGetRootElement(atom.get())->children; n; n = n->next) {
    entries += n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, BAD_CAST "entry") == 0;
  }
  EXPECT_EQ(entries, static_cast<size_t>(conflicting)) << got->body;
  EXPECT_NE(
      got->body.find("<title>conflicting: NIS 3,000 (2024-10-25) vs Volodymyr Zelensky 10,000"),
      std::string::npos)
      << got->body;
  EXPECT_NE(got->body.find("href=\"/#story=story-"), std::string::npos) << got->body;
  EXPECT_EQ(got->body.find("<title>revised:"), std::string::npos) << got->body;
  got = client.Get("/api/alerts?since=nonsense");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, 400) << got->body;
}

// A folder-based user is told too: `warta ingest` of the article whose
// figure conflicts with those stored raises the conflict, by the same path
// as `watch` (the alerts table, `warta alerts`), told as one line of counts
// by kind with the command that lists them rather than alert by alert;
// ingesting it again raises nothing, and -q says nothing.
TEST_F(FetchTest, IngestRaisesAlertsToo) {
  const fs::path first = dir_ / "first", second = dir_ / "second";
  WriteFile(first / "000.txt", Seed("000"));
  WriteFile(first / "001.txt", Seed("001"));
  WriteFile(second / "002.txt", Seed("002"));
  RunResult r = Warta("ingest '" + first.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err.find("alert"), std::string::npos) << r.err;
  r = Warta("ingest '" + second.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err.find("alert: "), std::string::npos) << r.err;  // not each alert
  const std::regex summary(
      "ingest: 1 new alert \\(1 conflicting\\); list them: warta alerts "
      "--db [^ ]+ --since ([0-9]+)\n");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.err, m, summary)) << r.err;
  const std::vector<std::string> stored = Query("SELECT kind FROM alerts");
  EXPECT_EQ(stored, std::vector<std::string>{"conflicting"});
  // The command it names lists the alert.
  r = Warta("alerts --since " + m[1].str());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("NIS 1,500 (2024-10-18) vs Volodymyr Zelensky 10,000"), std::string::npos)
      << r.out;
  r = Warta("ingest '" + second.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err.find("alert"), std::string::npos) << r.err;
  r = Warta("-q ingest '" + first.string() + "'");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(Query("SELECT kind FROM alerts").size(), 1u);
}

// The same articles stored by POST /api/ingest, or by queue workers, raise
// the same alerts as `warta ingest` (one alert path: warta/alerts.h).
TEST_F(FetchTest, ServerAndWorkersRaiseTheAlertsIngestRaises) {
  // The articles as JSON Lines, the form all three paths read alike.
  const fs::path first = dir_ / "first.jsonl", second = dir_ / "second.jsonl";
  WriteFile(first, SeedLines({"000", "001"}));
  WriteFile(second, SeedLines({"002"}));
  RunResult r = Warta("ingest '" + first.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  const size_t before = Query("SELECT kind FROM alerts").size();
  r = Warta("ingest '" + second.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  const std::vector<std::string> by_ingest = Query("SELECT kind, line FROM alerts ORDER BY seq");
  ASSERT_GT(by_ingest.size(), before);
  EXPECT_TRUE(std::any_of(by_ingest.begin(), by_ingest.end(), [](const std::string& row) {
    return row.starts_with("conflicting|NIS 1,500 (2024-10-18) vs Volodymyr Zelensky 10,000");
  })) << testing::PrintToString(by_ingest);

  // Queue workers.
  const std::string ingest_db = db_;
  db_ = (dir_ / "workers.db").string();
  r = Warta("ingest --enqueue '" + first.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  r = Warta("worker --exit-when-empty");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(Query("SELECT kind FROM alerts").size(), before);
  r = Warta("ingest --enqueue '" + second.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  r = Warta("worker --exit-when-empty");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("worker: " + std::to_string(by_ingest.size() - before) + " new alert"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(Query("SELECT kind, line FROM alerts ORDER BY seq"), by_ingest);

  // POST /api/ingest.
  db_ = (dir_ / "server.db").string();
  warta::serve_test::ServerProcess server(db_, dir_ / "serve.log", {"--token", "t0ken"});
  ASSERT_NE(server.port(), 0) << server.log();
  httplib::Client client("127.0.0.1", server.port());
  client.set_read_timeout(60);
  const httplib::Headers auth = {{"Authorization", "Bearer t0ken"}};
  auto post = [&](const fs::path& file) {
    httplib::Result got = client.Post("/api/ingest", auth, Slurp(file), "application/x-ndjson");
    EXPECT_TRUE(got);
    if (!got) return nlohmann::json();
    EXPECT_EQ(got->status, 200) << got->body;
    return nlohmann::json::parse(got->body, nullptr, false);
  };
  nlohmann::json reply = post(first);
  EXPECT_EQ(reply.value("alerts", -1), static_cast<int>(before)) << reply.dump();
  reply = post(second);
  EXPECT_EQ(reply.value("alerts", -1), static_cast<int>(by_ingest.size() - before)) << reply.dump();
  EXPECT_EQ(Query("SELECT kind, line FROM alerts ORDER BY seq"), by_ingest);
  db_ = ingest_db;
}

// --- webhook -------------------------------------------------------------

// Each new alert is POSTed to the webhook, signed with the token; a
// receiver that fails twice gets it on the third try, and sees each alert
// exactly once. A receiver down for a whole run loses nothing: the next run
// delivers what is pending. Alerts stored before a webhook was first used
// are not replayed to it.
TEST_F(FetchTest, WebhookDeliversEachAlertOnceSignedAndRetried) {
  warta_test::WebhookReceiver hook("s3cret");
  const fs::path first = dir_ / "first", second = dir_ / "second", third = dir_ / "third";
  WriteFile(first / "000.txt", Seed("000"));
  WriteFile(first / "001.txt", Seed("001"));
  WriteFile(second / "002.txt", Seed("002"));
  WriteFile(third / "003.txt", Seed("003"));
  WriteFile(third / "004.txt", Seed("004"));
  const std::string flags = "--webhook '" + hook.Url() + "' --webhook-token s3cret";
  RunResult r = Warta("ingest " + flags + " '" + first.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(hook.Posts().empty());

  hook.FailNext(2);  // 500, 500, then 200
  r = Warta("ingest " + flags + " '" + second.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err.find("webhook"), std::string::npos) << r.err;
  std::vector<warta_test::WebhookReceiver::Post> posts = hook.Posts();
  ASSERT_EQ(posts.size(), 3u);
  EXPECT_EQ(posts[0].status, 500);
  EXPECT_EQ(posts[1].status, 500);
  EXPECT_EQ(posts[2].status, 200);
  // The retries waited, doubling: 250 ms, then 500 ms.
  EXPECT_GE(posts[1].at - posts[0].at, std::chrono::milliseconds(200));
  EXPECT_GE(posts[2].at - posts[1].at, std::chrono::milliseconds(450));
  for (const auto& p : posts) {
    EXPECT_TRUE(p.signed_right) << p.body;
    EXPECT_EQ(p.body, posts[0].body);
  }
  nlohmann::json alert = nlohmann::json::parse(posts[2].body);
  EXPECT_EQ(alert["kind"], "conflicting");
  EXPECT_EQ(std::to_string(alert["seq"].get<int64_t>()), Query("SELECT seq FROM alerts")[0]);
  EXPECT_EQ(alert["seq"].get<int64_t>(), posts[2].seq);
  EXPECT_FALSE(alert.value("story_label", std::string()).empty()) << posts[2].body;

  // A receiver down for a whole run: the alerts stay pending, said so.
  hook.FailAll(true);
  r = Warta("ingest " + flags + " '" + third.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("not delivered after 4 tries: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("kept for the next run"), std::string::npos) << r.err;
  const std::vector<std::string> all = Query("SELECT seq FROM alerts ORDER BY seq");
  ASSERT_GT(all.size(), 1u);
  EXPECT_EQ(Query("SELECT delivered_seq FROM webhook_deliveries"),
            std::vector<std::string>{all[0]});
  // The next run, which stores nothing new, delivers them.
  hook.FailAll(false);
  r = Warta("ingest " + flags + " '" + third.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err.find("webhook"), std::string::npos) << r.err;
  std::vector<std::string> seen;
  for (const auto& p : hook.Taken()) {
    EXPECT_TRUE(p.signed_right);
    seen.push_back(std::to_string(p.seq));
  }
  EXPECT_EQ(seen, all);  // each once, in order

  // A webhook used for the first time starts after the alerts stored.
  warta_test::WebhookReceiver late("other");
  r = Warta("ingest --webhook '" + late.Url() + "' --webhook-token other '" + third.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(late.Posts().empty());
}

// `warta serve --webhook`: the alerts POST /api/ingest raises reach the
// receiver from the server's background thread, signed, each once, and the
// request does not wait for a receiver that fails.
TEST_F(FetchTest, ServerSendsTheAlertsOfItsIngestToTheWebhook) {
  warta_test::WebhookReceiver hook("s3cret");
  hook.FailNext(1);
  warta::serve_test::ServerProcess server(
      db_, dir_ / "serve.log",
      {"--token", "t0ken", "--webhook", hook.Url(), "--webhook-token", "s3cret"});
  ASSERT_NE(server.port(), 0) << server.log();
  httplib::Client client("127.0.0.1", server.port());
  client.set_read_timeout(60);
  const httplib::Headers auth = {{"Authorization", "Bearer t0ken"}};
  auto post = [&](const std::vector<std::string>& seeds) {
    httplib::Result got =
        client.Post("/api/ingest", auth, SeedLines(seeds), "application/x-ndjson");
    EXPECT_TRUE(got);
    return got ? nlohmann::json::parse(got->body, nullptr, false) : nlohmann::json();
  };
  EXPECT_EQ(post({"000", "001"}).value("alerts", -1), 0);
  const int raised = post({"002"}).value("alerts", -1);
  ASSERT_GT(raised, 0);
  ASSERT_TRUE(hook.WaitForTaken(static_cast<size_t>(raised), std::chrono::seconds(20)))
      << server.log();
  std::set<int64_t> seqs;
  for (const auto& p : hook.Taken()) {
    EXPECT_TRUE(p.signed_right);
    seqs.insert(p.seq);
  }
  EXPECT_EQ(seqs.size(), static_cast<size_t>(raised));
  EXPECT_EQ(hook.Posts().size(), static_cast<size_t>(raised) + 1);  // the 500, then each once
  // Recorded as delivered once the receiver has answered.
  const std::vector<std::string> last = {std::to_string(*seqs.rbegin())};
  for (int i = 0; i < 100 && Query("SELECT delivered_seq FROM webhook_deliveries") != last; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(Query("SELECT delivered_seq FROM webhook_deliveries"), last);
}

// --- following a search --------------------------------------------------

// `warta alerts --query` and GET /api/alerts?query= follow a search: the
// alerts of the stories whose documents the search finds, as /api/search
// finds them (Indonesian stems included), and none for a search that finds
// none of them.
TEST_F(FetchTest, AlertsOfAFollowedSearch) {
  const fs::path first = dir_ / "first", second = dir_ / "second";
  WriteFile(first / "000.txt", Seed("000"));
  WriteFile(first / "001.txt", Seed("001"));
  WriteFile(second / "002.txt", Seed("002"));
  ASSERT_EQ(Warta("ingest '" + first.string() + "'").code, 0);
  ASSERT_EQ(Warta("ingest '" + second.string() + "'").code, 0);
  RunResult r = Warta("alerts --format jsonl --query 'korea utara'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("\"kind\":\"conflicting\""), std::string::npos) << r.out;
  const std::string story = Query("SELECT story_id FROM alerts")[0];
  EXPECT_NE(r.out.find("\"story\":\"" + story + "\""), std::string::npos) << r.out;
  r = Warta("alerts --format jsonl --query 'gempa cianjur'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  r = Warta("alerts --query 'korea utara' --story story-none");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.find("conflicting"), std::string::npos) << r.out;
  r = Warta("alerts --query '?!'");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--query"), std::string::npos) << r.err;

  warta::serve_test::ServerProcess server(db_, dir_ / "serve.log", {});
  ASSERT_NE(server.port(), 0) << server.log();
  httplib::Client client("127.0.0.1", server.port());
  httplib::Result got = client.Get("/api/alerts?query=korea%20utara");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, 200) << got->body;
  nlohmann::json listed = nlohmann::json::parse(got->body);
  ASSERT_EQ(listed["alerts"].size(), 1u) << got->body;
  EXPECT_EQ(listed["alerts"][0]["story"], story);
  got = client.Get("/api/alerts?query=gempa%20cianjur");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->body, "{\"alerts\":[]}");
  got = client.Get("/api/alerts.atom?query=korea%20utara");
  ASSERT_TRUE(got);
  EXPECT_NE(got->body.find("query=korea%20utara"), std::string::npos) << got->body;
  EXPECT_NE(got->body.find("<category term=\"conflicting\"/>"), std::string::npos) << got->body;
}

}  // namespace
