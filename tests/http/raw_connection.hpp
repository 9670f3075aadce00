// A client that writes exactly the bytes a test gives it (pipelined bursts, broken framing,
// half-sent headers) over a plain POSIX socket, and reads the server's answers back. Every wait
// is bounded by a guard deadline, so a server that misbehaves fails the test instead of hanging it.
// The answer reader accepts only what ringpool's server sends (Content-Length framing).
#pragma once

#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ringpool::test {

struct RawAnswer {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;

  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

// Splits the first answer off `bytes` (consuming it); nullopt while it is incomplete. An answer
// to HEAD (`head`) has no body whatever its Content-Length says.
inline std::optional<RawAnswer> take_answer(std::string& bytes, bool head = false) {
  const auto header_end = bytes.find("\r\n\r\n");
  if (header_end == std::string::npos) return std::nullopt;
  RawAnswer answer;
  const std::string_view header_block(bytes.data(), header_end);
  const auto first_line_end = header_block.find("\r\n");
  const std::string_view status_line = header_block.substr(0, first_line_end);
  if (status_line.size() < 12) return std::nullopt;
  answer.status = std::stoi(std::string(status_line.substr(9, 3)));
  std::size_t at = first_line_end == std::string_view::npos ? header_block.size() : first_line_end + 2;
  while (at < header_block.size()) {
    auto end = header_block.find("\r\n", at);
    if (end == std::string_view::npos) end = header_block.size();
    const std::string_view line = header_block.substr(at, end - at);
    const auto colon = line.find(':');
    if (colon != std::string_view::npos) {
      std::string name(line.substr(0, colon));
      std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      answer.headers[name] = std::string(value);
    }
    at = end + 2;
  }
  const std::size_t length = !head && answer.headers.contains("content-length")
                                 ? static_cast<std::size_t>(std::stoull(answer.headers["content-length"]))
                                 : 0;
  if (bytes.size() < header_end + 4 + length) return std::nullopt;
  answer.body = bytes.substr(header_end + 4, length);
  bytes.erase(0, header_end + 4 + length);
  return answer;
}

class RawConnection {
 public:
  explicit RawConnection(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    BOOST_REQUIRE(fd_ >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    BOOST_REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  ~RawConnection() { close(); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  // False when the server has closed (or reset) the connection.
  bool send(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (sent <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
  }

  // Reads until `count` answers are complete, the server closes, or `guard` passes.
  std::vector<RawAnswer> read_answers(std::size_t count, std::chrono::milliseconds guard = std::chrono::seconds(10),
                                      bool head = false) {
    std::vector<RawAnswer> answers;
    const auto deadline = std::chrono::steady_clock::now() + guard;
    while (answers.size() < count) {
      while (auto answer = take_answer(pending_, head)) {
        answers.push_back(std::move(*answer));
        if (answers.size() == count) return answers;
      }
      if (!read_some(deadline)) break;
    }
    return answers;
  }
  std::optional<RawAnswer> read_answer(std::chrono::milliseconds guard = std::chrono::seconds(10), bool head = false) {
    auto answers = read_answers(1, guard, head);
    if (answers.empty()) return std::nullopt;
    return std::move(answers.front());
  }

  // Whether the server closes the connection (EOF or reset) within `guard`; bytes that arrive
  // meanwhile are kept for read_answers.
  bool closed_within(std::chrono::milliseconds guard) {
    const auto deadline = std::chrono::steady_clock::now() + guard;
    while (!closed_) {
      if (!read_some(deadline) && !closed_) return false;
    }
    return true;
  }
  bool closed() const { return closed_; }
  const std::string& unread() const { return pending_; }

 private:
  // One read; false on timeout or close.
  bool read_some(std::chrono::steady_clock::time_point deadline) {
    if (closed_) return false;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd descriptor{fd_, POLLIN, 0};
    if (::poll(&descriptor, 1, static_cast<int>(left.count())) <= 0) return false;
    char chunk[16384];
    const ssize_t got = ::recv(fd_, chunk, sizeof chunk, 0);
    if (got <= 0) {
      closed_ = true;
      return false;
    }
    pending_.append(chunk, static_cast<std::size_t>(got));
    return true;
  }

  int fd_ = -1;
  bool closed_ = false;
  std::string pending_;
};

}  // namespace ringpool::test
