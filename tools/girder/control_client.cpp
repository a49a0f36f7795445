#include "tools/girder/control_client.h"

#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace girder::control {

namespace {

// External term format, only what protocol 1 needs (stdlib/girder_control.erl).
constexpr std::uint8_t kVersionTag = 131;
constexpr std::uint8_t kSmallInteger = 97;
constexpr std::uint8_t kAtomLatin1 = 100;
constexpr std::uint8_t kSmallTuple = 104;
constexpr std::uint8_t kNil = 106;
constexpr std::uint8_t kList = 108;
constexpr std::uint8_t kBinary = 109;
constexpr std::uint8_t kSmallAtomLatin1 = 115;
constexpr std::uint8_t kAtomUtf8 = 118;
constexpr std::uint8_t kSmallAtomUtf8 = 119;

void put_u32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 255));
}

void put_atom(std::string& out, std::string_view name) {
  out.push_back(static_cast<char>(kSmallAtomUtf8));
  out.push_back(static_cast<char>(name.size()));
  out.append(name);
}

void put_binary(std::string& out, std::string_view bytes) {
  out.push_back(static_cast<char>(kBinary));
  put_u32(out, static_cast<std::uint32_t>(bytes.size()));
  out.append(bytes);
}

// {girder_control, 1, Request}: the envelope every request travels in.
std::string envelope(const std::string& request) {
  std::string out(1, static_cast<char>(kVersionTag));
  out.push_back(static_cast<char>(kSmallTuple));
  out.push_back(3);
  put_atom(out, "girder_control");
  out.push_back(static_cast<char>(kSmallInteger));
  out.push_back(1);
  out += request;
  return out;
}

// A reader over the reply's bytes; every read checks the bounds.
struct Reader {
  std::string_view in;
  std::size_t pos = 0;
  bool byte(std::uint8_t& b) {
    if (pos >= in.size()) return false;
    b = static_cast<std::uint8_t>(in[pos++]);
    return true;
  }
  bool bytes(std::size_t n, std::string_view& out) {
    if (in.size() - pos < n) return false;
    out = in.substr(pos, n);
    pos += n;
    return true;
  }
  bool u32(std::uint32_t& v) {
    std::string_view b;
    if (!bytes(4, b)) return false;
    v = 0;
    for (char c : b) v = (v << 8) | static_cast<std::uint8_t>(c);
    return true;
  }
  bool atom(std::string& name) {
    std::uint8_t tag, n8;
    if (!byte(tag)) return false;
    std::size_t n;
    if (tag == kSmallAtomUtf8 || tag == kSmallAtomLatin1) {
      if (!byte(n8)) return false;
      n = n8;
    } else if (tag == kAtomUtf8 || tag == kAtomLatin1) {
      std::uint8_t hi, lo;
      if (!byte(hi) || !byte(lo)) return false;
      n = (std::size_t{hi} << 8) | lo;
    } else {
      return false;
    }
    std::string_view b;
    if (!bytes(n, b)) return false;
    name.assign(b);
    return true;
  }
  bool binary(std::string& out) {
    std::uint8_t tag;
    std::uint32_t n;
    std::string_view b;
    if (!byte(tag) || tag != kBinary || !u32(n) || !bytes(n, b)) return false;
    out.assign(b);
    return true;
  }
};

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

bool read_all(int fd, char* out, std::size_t n) {
  while (n > 0) {
    ssize_t got = ::read(fd, out, n);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    out += got;
    n -= static_cast<std::size_t>(got);
  }
  return true;
}

}  // namespace

std::string ping_request() {
  std::string r(1, static_cast<char>(kSmallTuple));
  r.push_back(1);
  put_binary(r, "ping");
  return envelope(r);
}

std::string modules_request() {
  std::string r(1, static_cast<char>(kSmallTuple));
  r.push_back(1);
  put_binary(r, "modules");
  return envelope(r);
}

std::string load_request(const std::vector<std::pair<std::string, std::string>>& modules, bool purge, bool upgrade) {
  std::string r(1, static_cast<char>(kSmallTuple));
  r.push_back(3);
  put_binary(r, upgrade ? "upgrade" : "load");
  if (modules.empty()) {
    r.push_back(static_cast<char>(kNil));
  } else {
    r.push_back(static_cast<char>(kList));
    put_u32(r, static_cast<std::uint32_t>(modules.size()));
    for (const auto& [name, bytes] : modules) {
      r.push_back(static_cast<char>(kSmallTuple));
      r.push_back(2);
      put_binary(r, name);
      put_binary(r, bytes);
    }
    r.push_back(static_cast<char>(kNil));
  }
  put_atom(r, purge ? "true" : "false");
  return envelope(r);
}

bool request(const std::string& path, const std::string& frame, Reply& reply, std::string& error) {
  sockaddr_un addr{};
  if (path.empty() || path.size() >= sizeof addr.sun_path) {
    error = "bad control socket path";
    return false;
  }
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    error = std::strerror(errno);
    return false;
  }
  // A VM that never answers does not hang the command.
  timeval tv{120, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.data(), path.size());
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    error = "cannot connect to " + path + ": " + std::strerror(errno);
    ::close(fd);
    return false;
  }
  std::string header;
  put_u32(header, static_cast<std::uint32_t>(frame.size()));
  char length_bytes[4];
  bool ok = write_all(fd, header) && write_all(fd, frame) && read_all(fd, length_bytes, 4);
  std::string body;
  if (ok) {
    std::uint32_t n = 0;
    for (char c : length_bytes) n = (n << 8) | static_cast<std::uint8_t>(c);
    if (n > kMaxReply) {
      ok = false;
    } else {
      body.resize(n);
      ok = read_all(fd, body.data(), n);
    }
  }
  ::close(fd);
  if (!ok) {
    error = "the VM closed the connection or did not answer";
    return false;
  }
  // {girder_control, 1, ok | error, Text, Json}
  Reader r{body};
  std::uint8_t tag, arity, int_tag, version;
  std::string name, status;
  if (!r.byte(tag) || tag != kVersionTag || !r.byte(tag) || tag != kSmallTuple || !r.byte(arity) || arity != 5 ||
      !r.atom(name) || name != "girder_control" || !r.byte(int_tag) || int_tag != kSmallInteger ||
      !r.byte(version) || version != 1 || !r.atom(status) || !r.binary(reply.text) || !r.binary(reply.json)) {
    error = "malformed reply from the VM";
    return false;
  }
  reply.ok = status == "ok";
  return true;
}

}  // namespace girder::control
