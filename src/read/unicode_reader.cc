// Inputs written in UTF-16 or UTF-32, told by their byte order mark, are
// converted to UTF-8 as they stream, so that every reader after this one
// (sniffing, JSON Lines, feeds, pages, plain text) sees UTF-8:
//   FF FE 48 00 69 00        (UTF-16LE "Hi")  -> 48 69
//   00 00 FE FF 00 00 00 48  (UTF-32BE "H")   -> 48
// The mark itself is dropped. A unit that is not a character (an unpaired
// surrogate, a value past U+10FFFF, an odd byte at the end) becomes U+FFFD,
// as ICU's converters do by default; such input is damaged text, not binary.
//
// Tested by read_test.cc.
#include <unicode/ucnv.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <utility>

#include "byte_reader.h"

namespace warta::read_internal {
namespace {

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

constexpr size_t kInBytes = 64 << 10;
// UTF-16 grows by at most half in UTF-8 (2 bytes -> 3); UTF-32 shrinks.
constexpr size_t kOutBytes = kInBytes * 3 / 2 + 16;
constexpr size_t kPivotUnits = 1024;

class UnicodeToUtf8Reader : public ByteReader {
 public:
  UnicodeToUtf8Reader(std::unique_ptr<ByteReader> in, std::string charset, ConverterPtr from,
                      ConverterPtr to)
      : in_(std::move(in)),
        charset_(std::move(charset)),
        from_(std::move(from)),
        to_(std::move(to)),
        in_buf_(std::make_unique<char[]>(kInBytes)),
        out_buf_(std::make_unique<char[]>(kOutBytes)),
        pivot_(std::make_unique<UChar[]>(kPivotUnits)),
        pivot_source_(pivot_.get()),
        pivot_target_(pivot_.get()) {}

  Result<size_t> Read(char* buf, size_t n) override {
    while (out_pos_ == out_len_) {
      if (done_) return size_t{0};
      Status s = Convert();
      if (!s.ok()) return s;
    }
    size_t take = std::min(n, out_len_ - out_pos_);
    std::memcpy(buf, out_buf_.get() + out_pos_, take);
    out_pos_ += take;
    return take;
  }

 private:
  // Converts what is buffered (reading more first when it is all used)
  // into out_buf_.
  Status Convert() {
    if (in_pos_ == in_len_ && !eof_) {
      Result<size_t> got = in_->Read(in_buf_.get(), kInBytes);
      if (!got.ok()) return got.status();
      in_pos_ = 0;
      in_len_ = *got;
      eof_ = *got == 0;
    }
    const char* source = in_buf_.get() + in_pos_;
    char* target = out_buf_.get();
    UErrorCode error = U_ZERO_ERROR;
    ucnv_convertEx(to_.get(), from_.get(), &target, out_buf_.get() + kOutBytes, &source,
                   in_buf_.get() + in_len_, pivot_.get(), &pivot_source_, &pivot_target_,
                   pivot_.get() + kPivotUnits, /*reset=*/first_, /*flush=*/eof_, &error);
    first_ = false;
    in_pos_ = static_cast<size_t>(source - in_buf_.get());
    out_pos_ = 0;
    out_len_ = static_cast<size_t>(target - out_buf_.get());
    if (error == U_BUFFER_OVERFLOW_ERROR) return Status::Ok();  // more to come
    if (U_FAILURE(error)) {
      return DataLoss("cannot convert " + charset_ + " to UTF-8: " + u_errorName(error));
    }
    done_ = eof_;
    return Status::Ok();
  }

  std::unique_ptr<ByteReader> in_;
  std::string charset_;
  ConverterPtr from_, to_;
  std::unique_ptr<char[]> in_buf_, out_buf_;
  std::unique_ptr<UChar[]> pivot_;
  UChar* pivot_source_;
  UChar* pivot_target_;
  size_t in_pos_ = 0, in_len_ = 0, out_pos_ = 0, out_len_ = 0;
  bool eof_ = false, done_ = false, first_ = true;
};

}  // namespace

UnicodeBom FindUnicodeBom(std::string_view head) {
  auto starts = [&](std::string_view mark) { return head.substr(0, mark.size()) == mark; };
  using namespace std::string_view_literals;
  // UTF-32LE before UTF-16LE: FF FE 00 00 starts both.
  if (starts("\xFF\xFE\x00\x00"sv)) return {"UTF-32LE", 4};
  if (starts("\x00\x00\xFE\xFF"sv)) return {"UTF-32BE", 4};
  if (starts("\xFF\xFE"sv)) return {"UTF-16LE", 2};
  if (starts("\xFE\xFF"sv)) return {"UTF-16BE", 2};
  if (starts("\xEF\xBB\xBF"sv)) return {"UTF-8", 3};
  return {};
}

Result<std::unique_ptr<ByteReader>> NewUtf8Converter(std::unique_ptr<ByteReader> in,
                                                     const char* charset) {
  UErrorCode error = U_ZERO_ERROR;
  ConverterPtr from(ucnv_open(charset, &error));
  if (U_FAILURE(error)) {
    return Internal(std::string("cannot open the ") + charset + " converter: " +
                    u_errorName(error));
  }
  ConverterPtr to(ucnv_open("UTF-8", &error));
  if (U_FAILURE(error)) {
    return Internal(std::string("cannot open the UTF-8 converter: ") + u_errorName(error));
  }
  return std::unique_ptr<ByteReader>(
      new UnicodeToUtf8Reader(std::move(in), charset, std::move(from), std::move(to)));
}

}  // namespace warta::read_internal
