// Status and Result<T>: the one error type of Warta.
//
// Expected failures (bad input, I/O, database) are returned, never thrown:
//
//   warta::Result<std::string> text = ReadFile(path);
//   if (!text.ok()) return text.status();
//   Use(*text);
//
// RETURN_IF_ERROR(expr) returns a non-OK Status from the enclosing function;
// ASSIGN_OR_RETURN(lhs, expr) unwraps a Result or returns its Status.
// Both types are [[nodiscard]]: a call whose Status or Result is dropped
// does not compile (warnings are errors). Discard one on purpose with
// `(void)` and a comment saying why that is safe.
// Exceptions thrown by libraries are turned into a Status at the wrapper that
// calls them. Bugs are assertions.
//
// Thread-safety: values; safe to copy between threads.
#ifndef WARTA_STATUS_H_
#define WARTA_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace warta {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // the caller or the input is wrong: bad flag, bad JSON
  kNotFound,         // a file, document or row that is not there
  kIoError,          // the operating system said no
  kDataLoss,         // input is damaged: truncated gzip, binary where text
  kResourceExhausted,  // a size limit was hit
  kDatabase,         // the storage engine reported an error
  kUnavailable,      // the database connection was lost: retrying may succeed
  kFailedPrecondition,  // called in the wrong state: ClaimQueued outside a batch
  kInternal,         // a bug caught at run time
};

const char* StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message)
      : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // "invalid argument: MESSAGE", or "ok".
  std::string ToString() const;

  // Returns a copy whose message is prefixed with `context` and ": ", as in
  // "corpus/a.html: truncated gzip stream". OK stays OK.
  Status WithContext(const std::string& context) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidArgument(std::string m) {
  return Status(StatusCode::kInvalidArgument, std::move(m));
}
inline Status NotFound(std::string m) {
  return Status(StatusCode::kNotFound, std::move(m));
}
inline Status IoError(std::string m) {
  return Status(StatusCode::kIoError, std::move(m));
}
inline Status DataLoss(std::string m) {
  return Status(StatusCode::kDataLoss, std::move(m));
}
inline Status ResourceExhausted(std::string m) {
  return Status(StatusCode::kResourceExhausted, std::move(m));
}
inline Status DatabaseError(std::string m) {
  return Status(StatusCode::kDatabase, std::move(m));
}
inline Status Unavailable(std::string m) {
  return Status(StatusCode::kUnavailable, std::move(m));
}
inline Status FailedPrecondition(std::string m) {
  return Status(StatusCode::kFailedPrecondition, std::move(m));
}
inline Status Internal(std::string m) {
  return Status(StatusCode::kInternal, std::move(m));
}

// Either a T or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    assert(!status_.ok() && "Result built from an OK Status has no value");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  T& value() & {
    assert(ok());
    return *value_;
  }
  const T& value() const& {
    assert(ok());
    return *value_;
  }
  T&& value() && {
    assert(ok());
    return std::move(*value_);
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace warta

#define WARTA_CONCAT_INNER_(a, b) a##b
#define WARTA_CONCAT_(a, b) WARTA_CONCAT_INNER_(a, b)

#define RETURN_IF_ERROR(expr)                 \
  do {                                        \
    ::warta::Status warta_status_ = (expr);   \
    if (!warta_status_.ok()) return warta_status_; \
  } while (0)

#define ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                           \
  if (!tmp.ok()) return tmp.status();          \
  lhs = std::move(tmp).value()

#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL_(WARTA_CONCAT_(warta_result_, __LINE__), lhs, expr)

#endif  // WARTA_STATUS_H_
