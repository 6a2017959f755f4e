#pragma once
// Progress and result printing from rank 0 only; every other rank stays silent.

#include <fmt/format.h>

#include <cstdio>
#include <string>

namespace atropos {

class Log {
 public:
  Log(bool enabled = true, std::FILE* stream = stdout) : enabled_(enabled), stream_(stream) {}

  template <typename... Args>
  void print(fmt::format_string<Args...> format, Args&&... args) const {
    if (!enabled_) return;
    fmt::print(stream_, format, std::forward<Args>(args)...);
    std::fflush(stream_);
  }
  bool enabled() const { return enabled_; }

  static Log silent() { return Log(false); }

 private:
  bool enabled_;
  std::FILE* stream_;
};

}  // namespace atropos
