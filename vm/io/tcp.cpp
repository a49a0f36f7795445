#include "vm/io/tcp.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/uio.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstddef>
#include <cstring>

#include "vm/io/message.h"
#include "vm/io/service.h"
#include "vm/proc/mailbox.h"
#include "vm/proc/process_table.h"
#include "vm/proc/signals.h"
#include "vm/term/build.h"
#include "vm/vm.h"

namespace girder::vm {

namespace {

// One read takes at most this much (and a passive recv of any length reads
// no further ahead than this).
constexpr std::size_t kReadChunk = 64 * 1024;
// An active socket reads at most this much per readiness event, so one busy
// socket cannot hold the loop thread from the others.
constexpr std::size_t kActiveReadBudget = 256 * 1024;

Term ok_tuple(Process& p, Term value) { return make_tuple(p, {atoms::ok, value}); }
Term error_tuple(Process& p, Term reason) { return make_tuple(p, {atoms::error, reason}); }

RefId fresh_ref(VM& vm) { return RefId{vm.next_ref_id(), 0}; }

Term ref_term(Process& p, RefId id) {
  Word* obj = p.alloc(kRefObjectWords);
  obj[0] = make_header(BoxKind::Ref, kRefWords);
  obj[1] = id.w0;
  obj[2] = id.w1;
  return Term::boxed(obj);
}

void set_int_option(int fd, int level, int name, int value) {
  ::setsockopt(fd, level, name, &value, sizeof value);
}

// Socket-level options that can change on a live socket.
void apply_socket_options(int fd, const TcpOptions& o, bool listening) {
  if (!listening) {
    set_int_option(fd, IPPROTO_TCP, TCP_NODELAY, o.nodelay ? 1 : 0);
    set_int_option(fd, SOL_SOCKET, SO_KEEPALIVE, o.keepalive ? 1 : 0);
  }
  if (o.linger_on) {
    linger l{1, o.linger_seconds};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
  }
  if (o.recbuf > 0) set_int_option(fd, SOL_SOCKET, SO_RCVBUF, o.recbuf);
  if (o.sndbuf > 0) set_int_option(fd, SOL_SOCKET, SO_SNDBUF, o.sndbuf);
}

bool get_int(Term t, std::int64_t lo, std::int64_t hi, std::int64_t& out) {
  if (!t.is_small()) return false;
  out = t.small_value();
  return out >= lo && out <= hi;
}

bool get_bool(Term t, bool& out) {
  if (t == kTrue) {
    out = true;
  } else if (t == kFalse) {
    out = false;
  } else {
    return false;
  }
  return true;
}

}  // namespace

// --- addresses ------------------------------------------------------------------

bool socket_address_from(Term ip, Term port, SocketAddress& out) {
  std::int64_t port_number;
  if (!get_int(port, 0, 65535, port_number)) return false;
  out = SocketAddress{};
  if (ip.is_tuple() && ip.tuple_arity() == 2 && ip.element(0) == atoms::local) {
    // {local, Path}: a Unix domain socket (OTP's family `local`); the port
    // must be 0.
    std::string path;
    if (port_number != 0) return false;
    if (!string_from_chars(ip.element(1), path)) {
      if (!ip.element(1).is_bitstring()) return false;
      BitView v = bit_view(ip.element(1));
      if (!v.byte_aligned()) return false;
      path.assign(reinterpret_cast<const char*>(v.data) + (v.bit_offset >> 3), v.byte_size());
    }
    auto* sun = reinterpret_cast<sockaddr_un*>(&out.storage);
    if (path.empty() || path.size() >= sizeof sun->sun_path || path.find('\0') != std::string::npos) return false;
    sun->sun_family = AF_UNIX;
    std::memcpy(sun->sun_path, path.data(), path.size());
    out.length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path.size() + 1);
    return true;
  }
  if (ip.is_tuple() && ip.tuple_arity() == 4) {
    auto* sin = reinterpret_cast<sockaddr_in*>(&out.storage);
    sin->sin_family = AF_INET;
    sin->sin_port = htons(static_cast<std::uint16_t>(port_number));
    std::uint32_t a = 0;
    for (Word i = 0; i < 4; ++i) {
      std::int64_t b;
      if (!get_int(ip.element(i), 0, 255, b)) return false;
      a = (a << 8) | static_cast<std::uint32_t>(b);
    }
    sin->sin_addr.s_addr = htonl(a);
    out.length = sizeof(sockaddr_in);
    return true;
  }
  if (ip.is_tuple() && ip.tuple_arity() == 8) {
    auto* sin6 = reinterpret_cast<sockaddr_in6*>(&out.storage);
    sin6->sin6_family = AF_INET6;
    sin6->sin6_port = htons(static_cast<std::uint16_t>(port_number));
    for (Word i = 0; i < 8; ++i) {
      std::int64_t w;
      if (!get_int(ip.element(i), 0, 65535, w)) return false;
      sin6->sin6_addr.s6_addr[2 * i] = static_cast<std::uint8_t>(w >> 8);
      sin6->sin6_addr.s6_addr[2 * i + 1] = static_cast<std::uint8_t>(w);
    }
    out.length = sizeof(sockaddr_in6);
    return true;
  }
  return false;
}

Term make_ip_tuple(Process& p, const sockaddr* sa) {
  if (sa->sa_family == AF_INET) {
    auto* sin = reinterpret_cast<const sockaddr_in*>(sa);
    std::uint32_t a = ntohl(sin->sin_addr.s_addr);
    return make_tuple(p, {Term::small(a >> 24), Term::small((a >> 16) & 255), Term::small((a >> 8) & 255),
                          Term::small(a & 255)});
  }
  auto* sin6 = reinterpret_cast<const sockaddr_in6*>(sa);
  Term w[8];
  for (int i = 0; i < 8; ++i) {
    w[i] = Term::small((sin6->sin6_addr.s6_addr[2 * i] << 8) | sin6->sin6_addr.s6_addr[2 * i + 1]);
  }
  return make_tuple(p, std::span<const Term>(w, 8));
}

Term make_address(Process& p, const sockaddr* sa) {
  int port = sa->sa_family == AF_INET ? ntohs(reinterpret_cast<const sockaddr_in*>(sa)->sin_port)
                                      : ntohs(reinterpret_cast<const sockaddr_in6*>(sa)->sin6_port);
  return make_tuple(p, {make_ip_tuple(p, sa), Term::small(port)});
}

Term errno_atom(VM& vm, int err) {
  switch (err) {
    case EPIPE:
      return atoms::closed;
    case 0:
      return atoms::closed;
    default:
      break;
  }
  const char* name = strerrorname_np(err);
  if (name == nullptr) return vm.atoms().intern("unknown");
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return vm.atoms().intern(lower);
}

// --- options ----------------------------------------------------------------------

bool TcpPort::parse_options(VM& vm, Term list, TcpOptions& o, SocketAddress* local, int* family) {
  for (Term l = list; !l.is_nil(); l = l.tail()) {
    if (!l.is_list()) return false;
    Term opt = l.head();
    if (opt == atoms::binary) {
      o.binary = true;
    } else if (opt == atoms::list) {
      o.binary = false;
    } else if (opt == atoms::inet) {
      if (family) *family = AF_INET;
    } else if (opt == atoms::inet6) {
      if (family) *family = AF_INET6;
    } else if (opt == atoms::local) {
      if (family) *family = AF_UNIX;
    } else if (opt.is_tuple() && opt.tuple_arity() == 2) {
      Term k = opt.element(0), v = opt.element(1);
      std::int64_t n;
      bool b;
      if (k == atoms::active) {
        if (v == kTrue) {
          o.active = TcpOptions::Active::True;
        } else if (v == kFalse) {
          o.active = TcpOptions::Active::False;
        } else if (v == atoms::once) {
          o.active = TcpOptions::Active::Once;
        } else if (get_int(v, -32768, 32767, n)) {
          // {active, N} adds to the count in force (OTP); at or below 0
          // the socket turns passive (setopts sends tcp_passive then).
          std::int64_t base = o.active == TcpOptions::Active::Count ? o.active_count : 0;
          std::int64_t total = base + n;
          if (total > 32767) return false;
          o.active = TcpOptions::Active::Count;
          o.active_count = static_cast<int>(total);
        } else {
          return false;
        }
      } else if (k == atoms::mode) {
        if (v == atoms::binary) {
          o.binary = true;
        } else if (v == atoms::list) {
          o.binary = false;
        } else {
          return false;
        }
      } else if (k == atoms::packet) {
        if (v == atoms::raw || v == Term::small(0)) {
          o.packet = io::PacketType::Raw;
        } else if (v == Term::small(1)) {
          o.packet = io::PacketType::One;
        } else if (v == Term::small(2)) {
          o.packet = io::PacketType::Two;
        } else if (v == Term::small(4)) {
          o.packet = io::PacketType::Four;
        } else if (v == atoms::line) {
          o.packet = io::PacketType::Line;
        } else {
          return false;
        }
      } else if (k == atoms::packet_size) {
        if (!get_int(v, 0, INT32_MAX, n)) return false;
        o.packet_size = static_cast<std::size_t>(n);
      } else if (k == atoms::line_length) {
        if (!get_int(v, 0, INT32_MAX, n)) return false;
        o.line_length = static_cast<std::size_t>(n);
      } else if (k == atoms::header) {
        if (!get_int(v, 0, INT32_MAX, n)) return false;
        o.header = static_cast<std::size_t>(n);
      } else if (k == atoms::backlog) {
        if (!get_int(v, 0, INT32_MAX, n)) return false;
        o.backlog = static_cast<int>(n);
      } else if (k == atoms::reuseaddr) {
        if (!get_bool(v, o.reuseaddr)) return false;
      } else if (k == atoms::nodelay) {
        if (!get_bool(v, o.nodelay)) return false;
      } else if (k == atoms::keepalive) {
        if (!get_bool(v, o.keepalive)) return false;
      } else if (k == atoms::exit_on_close) {
        if (!get_bool(v, o.exit_on_close)) return false;
      } else if (k == atoms::delay_send) {
        if (!get_bool(v, o.delay_send)) return false;
      } else if (k == atoms::send_timeout_close) {
        if (!get_bool(v, o.send_timeout_close)) return false;
      } else if (k == atoms::show_econnreset) {
        if (!get_bool(v, o.show_econnreset)) return false;
      } else if (k == atoms::send_timeout) {
        if (v == atoms::infinity) {
          o.send_timeout = -1;
        } else if (get_int(v, 0, INT32_MAX, n)) {
          o.send_timeout = n;
        } else {
          return false;
        }
      } else if (k == atoms::recbuf) {
        if (!get_int(v, 1, INT32_MAX, n)) return false;
        o.recbuf = static_cast<int>(n);
      } else if (k == atoms::sndbuf) {
        if (!get_int(v, 1, INT32_MAX, n)) return false;
        o.sndbuf = static_cast<int>(n);
      } else if (k == atoms::buffer) {
        // The user-level buffer: the longest piece of a {packet, line}
        // line delivered at once (ours otherwise grows as needed).
        if (!get_int(v, 0, INT32_MAX, n)) return false;
        o.buffer = static_cast<std::size_t>(n);
      } else if (k == atoms::high_watermark) {
        if (!get_int(v, 0, INT32_MAX, n)) return false;
        o.high_watermark = static_cast<std::size_t>(n);
        if (o.low_watermark > o.high_watermark) o.low_watermark = o.high_watermark;
      } else if (k == atoms::low_watermark) {
        if (!get_int(v, 0, INT32_MAX, n)) return false;
        o.low_watermark = static_cast<std::size_t>(n);
        if (o.high_watermark < o.low_watermark) o.high_watermark = o.low_watermark;
      } else if (k == atoms::ip || k == atoms::ifaddr) {
        if (local == nullptr) return false;
        std::uint16_t port = local->length == 0 || local->family() == AF_UNIX ? 0
                             : local->family() == AF_INET
                                 ? reinterpret_cast<sockaddr_in*>(&local->storage)->sin_port
                                 : reinterpret_cast<sockaddr_in6*>(&local->storage)->sin6_port;
        if (!socket_address_from(v, Term::small(0), *local)) return false;
        if (local->family() == AF_UNIX) {
          // no port
        } else if (local->family() == AF_INET) {
          reinterpret_cast<sockaddr_in*>(&local->storage)->sin_port = port;
        } else {
          reinterpret_cast<sockaddr_in6*>(&local->storage)->sin6_port = port;
        }
        if (family) *family = local->family();
      } else if (k == atoms::port) {
        if (!get_int(v, 0, 65535, n)) return false;
        o.local_port = static_cast<int>(n);
      } else if (k == vm.atoms().intern("local_mode")) {
        // Girder's own: the permission bits of a local (Unix domain) listen
        // socket, set between bind and listen so that no connection can
        // arrive before (the control socket is 8#600).
        if (!get_int(v, 0, 07777, n)) return false;
        o.local_mode = static_cast<int>(n);
      } else if (k == atoms::linger) {
        // {linger, {true, 0}} makes close reset the connection.
        if (!v.is_tuple() || v.tuple_arity() != 2 || !get_bool(v.element(0), b) ||
            !get_int(v.element(1), 0, INT32_MAX, n)) {
          return false;
        }
        o.linger_on = b;
        o.linger_seconds = static_cast<int>(n);
      } else if (k == atoms::deliver || k == atoms::ipv6_v6only ||
                 k == vm.atoms().intern("priority") || k == vm.atoms().intern("tos") ||
                 k == vm.atoms().intern("reuseport") || k == vm.atoms().intern("debug") ||
                 k == vm.atoms().intern("tclass") || k == vm.atoms().intern("nopush")) {
        // Accepted and without effect here.
      } else {
        return false;
      }
    } else {
      return false;
    }
  }
  return true;
}

// --- construction -------------------------------------------------------------

TcpPort::TcpPort(IoService& io, int fd, int family, bool listening, const TcpOptions& options)
    : Port(io, Kind::TcpSocket), fd_(fd), family_(family), listening_(listening), options_(options) {}

TcpPort::~TcpPort() {
  // Normally closed on the loop (close_handles); a port dropped without
  // ever reaching the loop still owns its descriptor.
  if (fd_ >= 0 && !poll_.open()) ::close(fd_);
}

Term TcpPort::listen(Process& p, const SocketAddress& address, const TcpOptions& options) {
  VM& vm = p.vm();
  int fd = ::socket(address.family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return error_tuple(p, errno_atom(vm, errno));
  if (options.reuseaddr) set_int_option(fd, SOL_SOCKET, SO_REUSEADDR, 1);
  if (address.family() == AF_INET6) set_int_option(fd, IPPROTO_IPV6, IPV6_V6ONLY, 0);
  apply_socket_options(fd, options, true);
  bool bound = ::bind(fd, reinterpret_cast<const sockaddr*>(&address.storage), address.length) == 0;
  if (bound && address.family() == AF_UNIX && options.local_mode >= 0) {
    bound = ::chmod(reinterpret_cast<const sockaddr_un*>(&address.storage)->sun_path,
                    static_cast<mode_t>(options.local_mode)) == 0;
  }
  if (!bound || ::listen(fd, options.backlog) != 0) {
    int err = errno;
    ::close(fd);
    return error_tuple(p, errno_atom(vm, err));
  }
  auto port = std::make_shared<TcpPort>(vm.io(), fd, address.family(), true, options);
  return ok_tuple(p, vm.io().open_port(p, port));
}

Term TcpPort::connect(Process& p, const SocketAddress& address, const SocketAddress* local,
                      const TcpOptions& options) {
  VM& vm = p.vm();
  int fd = ::socket(address.family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return error_tuple(p, errno_atom(vm, errno));
  apply_socket_options(fd, options, false);
  if (local != nullptr && local->length != 0) {
    if (options.reuseaddr) set_int_option(fd, SOL_SOCKET, SO_REUSEADDR, 1);
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&local->storage), local->length) != 0) {
      int err = errno;
      ::close(fd);
      return error_tuple(p, errno_atom(vm, err));
    }
  }
  int rc = ::connect(fd, reinterpret_cast<const sockaddr*>(&address.storage), address.length);
  if (rc != 0 && errno != EINPROGRESS) {
    int err = errno;
    ::close(fd);
    return error_tuple(p, errno_atom(vm, err));
  }
  auto port = std::make_shared<TcpPort>(vm.io(), fd, address.family(), false, options);
  Term socket = vm.io().open_port(p, port);
  if (rc == 0) {
    vm.io().sync(port);
    return ok_tuple(p, socket);
  }
  Term ref;
  {
    std::lock_guard lock(port->mutex_);
    port->connecting_ = true;
    ref = port->new_reply_ref(p, port->connect_waiter_, 0);
  }
  vm.io().sync(port);
  // The caller needs the socket to cancel or close on a timeout.
  return make_tuple(p, {vm.atoms().intern("wait"), socket, ref});
}

Term TcpPort::new_reply_ref(Process& p, Waiter& w, std::size_t length) {
  w.ref = fresh_ref(p.vm());
  w.pid = p.id();
  w.length = length;
  return ref_term(p, w.ref);
}

// --- state the loop follows --------------------------------------------------

bool TcpPort::wants_read() const {
  if (closed_ || shut_) return false;
  if (listening_) return !accept_waiters_.empty();
  if (connecting_ || eof_ || error_ != 0) return false;
  if (options_.active != TcpOptions::Active::False || !recv_waiters_.empty()) return true;
  // Passive and nobody waiting: read ahead up to one chunk, so the next
  // recv finds its data here and the socket stays in the poll set between
  // requests (no epoll_ctl and no loop wake-up per recv). The bound keeps
  // flow control: past it the kernel buffer fills and the peer slows.
  return in_.size() - in_start_ < kReadChunk;
}

bool TcpPort::wants_write() const { return connecting_ || (out_bytes_ != 0 && !write_failed_); }

void TcpPort::sync_on_loop() {
  std::unique_lock lock(mutex_);
  if (handles_closed_) {
    // The connection ended earlier (shut_); now Erlang has closed it too.
    if (closed_ && !removed_) {
      removed_ = true;
      Word index = index_;
      IoService& io = io_;
      io.post([&io, index](uv_loop_t*) { io.port_closed(index); });
    }
    return;
  }
  if (handles_closing_) return;
  bool drained = out_bytes_ == 0 || write_failed_ || listening_;
  if ((closed_ || shut_) && drained) {
    close_handles();
    return;
  }
  int events = (wants_read() ? UV_READABLE : 0) | (wants_write() ? UV_WRITABLE : 0);
  if (!poll_.want(io_.loop(), fd_, true, events, this, [](uv_poll_t* h, int status, int ev) {
        static_cast<TcpPort*>(h->data)->on_poll(status, ev);
      })) {
    // Should not happen for a socket; treat it as a broken connection.
    error_ = EBADF;
    closed_ = true;
    fail_waiters(atoms::closed);
    close_handles();
  }
}

void TcpPort::close_handles() {
  // mutex_ held, loop thread.
  handles_closing_ = true;
  bool closing = poll_.close([](uv_handle_t* h) {
    auto* self = static_cast<TcpPort*>(h->data);
    Word index;
    bool remove;
    {
      std::lock_guard lock(self->mutex_);
      if (self->fd_ >= 0) ::close(self->fd_);
      self->fd_ = -1;
      self->descriptor_closed();
      // A connection that ended by itself (shut_) stays in the table until
      // Erlang closes it: its owner still holds the port.
      remove = self->closed_ && !self->removed_;
      if (remove) self->removed_ = true;
      index = self->index_;
    }
    if (remove) self->io_.port_closed(index);
  });
  if (!closing) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    descriptor_closed();
    if (closed_) {
      removed_ = true;
      Word index = index_;
      IoService& io = io_;
      // The table's reference may be the last: drop it after the lock.
      io.post([&io, index](uv_loop_t*) { io.port_closed(index); });
    }
  }
}

void TcpPort::shutdown_on_loop() {
  std::lock_guard lock(mutex_);
  if (handles_closing_) return;
  closed_ = true;
  write_failed_ = true;
  close_handles();
}

void TcpPort::on_poll(int status, int events) {
  std::unique_lock lock(mutex_);
  if (handles_closing_) return;
  if (status < 0) {
    // POLLERR: libuv has stopped the handle (so the next sync starts it
    // again). The error itself is read from the socket: SO_ERROR for a
    // connect, recv/send for a connected socket.
    poll_.lost();
    events = UV_READABLE | UV_WRITABLE;
  }
  if ((events & UV_WRITABLE) != 0) {
    if (connecting_) {
      finish_connect();
    } else {
      flush_output();
    }
  }
  if ((events & UV_READABLE) != 0 && wants_read()) {
    if (listening_) {
      accept_pending();
    } else if (options_.active != TcpOptions::Active::False) {
      std::size_t budget = kActiveReadBudget;
      while (budget > 0 && wants_read()) {
        std::ptrdiff_t got = read_socket(kReadChunk, io_.scratch().data(), io_.scratch().size());
        dispatch();
        if (got <= 0) break;
        budget = static_cast<std::size_t>(got) >= budget ? 0 : budget - static_cast<std::size_t>(got);
      }
    } else {
      std::size_t want = recv_waiters_.empty() ? 0 : recv_waiters_.front().length;
      std::size_t buffered = in_.size() - in_start_;
      read_socket(want > buffered ? std::max(kReadChunk, want - buffered) : kReadChunk, io_.scratch().data(),
                  io_.scratch().size());
      dispatch();
    }
  }
  lock.unlock();
  sync_on_loop();
}

// --- input ------------------------------------------------------------------------

std::ptrdiff_t TcpPort::read_socket(std::size_t limit, char* scratch, std::size_t scratch_size) {
  if (fd_ < 0 || eof_ || error_ != 0) return -1;
  // Read into the caller's scratch buffer, then keep only what came: a
  // socket's own buffer holds its unconsumed bytes and no spare room, so
  // ten thousand idle connections cost no 64 KB each.
  std::size_t want = std::min(limit, scratch_size);
  ssize_t n;
  do {
    n = ::recv(fd_, scratch, want, MSG_DONTWAIT);
  } while (n < 0 && errno == EINTR);
  if (n > 0) {
    if (in_start_ == in_.size()) {
      in_.clear();
      in_start_ = 0;
    } else if (in_start_ > 64 * 1024 && in_start_ * 2 > in_.size()) {
      in_.erase(0, in_start_);
      in_start_ = 0;
    }
    in_.append(scratch, static_cast<std::size_t>(n));
    bytes_in += static_cast<std::uint64_t>(n);
    return n;
  }
  if (n == 0) {
    eof_ = true;
    return -1;
  }
  if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
  error_ = errno;
  return -1;
}

io::PacketSpan TcpPort::take_span(std::size_t length) const {
  const auto* data = reinterpret_cast<const unsigned char*>(in_.data()) + in_start_;
  std::size_t n = in_.size() - in_start_;
  if (options_.packet == io::PacketType::Raw && length > 0) {
    io::PacketSpan span;
    if (n >= length) {
      span.status = io::PacketSpan::Ready;
      span.body = length;
    }
    return span;
  }
  std::size_t line_max = options_.buffer != 0 ? options_.buffer : kReadChunk;
  return io::next_packet(options_.packet, data, n, options_.packet_size, line_max);
}

std::string_view TcpPort::span_data(const io::PacketSpan& span) const {
  return std::string_view(in_).substr(in_start_ + span.header, span.body);
}

void TcpPort::consume(const io::PacketSpan& span) {
  in_start_ += span.total();
  if (in_start_ == in_.size()) {
    // All consumed: give a large buffer back (a burst should not pin it).
    in_start_ = 0;
    if (in_.capacity() > 16 * 1024) {
      std::string().swap(in_);
    } else {
      in_.clear();
    }
  }
}

Word TcpPort::data_words(std::size_t n) const {
  if (!options_.binary) return msg::byte_list_words(n);
  std::size_t h = std::min(options_.header, n);
  return msg::byte_list_words(h) + (n > h || h == 0 ? msg::binary_words(n - h) : 0);
}

Term TcpPort::write_data(Signal* s, Word*& hp, std::string_view data) const {
  if (!options_.binary) return msg::write_byte_list(hp, data);
  std::size_t h = std::min(options_.header, data.size());
  if (h == 0) return msg::write_binary(s, hp, data);
  // {header, H}: the first H bytes as a list, the rest as a binary tail.
  Term tail = data.size() > h ? msg::write_binary(s, hp, data.substr(h)) : kNil;
  return msg::write_byte_list(hp, data.substr(0, h), tail);
}

Term TcpPort::make_data(Process& p, std::string_view data) const {
  if (!options_.binary) return make_byte_list(p, data);
  std::size_t h = std::min(options_.header, data.size());
  if (h == 0) return make_binary(p, data);
  Term tail = data.size() > h ? make_binary(p, data.substr(h)) : kNil;
  Term list = tail;
  for (std::size_t i = h; i-- > 0;) list = make_cons(p, Term::small(static_cast<unsigned char>(data[i])), list);
  return list;
}

void TcpPort::reply(const Waiter& w, Term atom_result) {
  Signal* s = msg::new_message(term(), msg::tuple_words(3) + msg::ref_words());
  Word* hp = s->payload();
  Term ref = msg::write_ref(hp, w.ref);
  s->message = msg::write_tuple(hp, {atoms::inet_reply, ref, atom_result});
  io_.deliver(w.pid, s);
}

void TcpPort::reply_error(const Waiter& w, Term reason) {
  // `reason` is an atom.
  Signal* s = msg::new_message(term(), msg::ref_words() + msg::tuple_words(2) + msg::tuple_words(3));
  Word* hp = s->payload();
  Term ref = msg::write_ref(hp, w.ref);
  Term result = msg::write_tuple(hp, {atoms::error, reason});
  s->message = msg::write_tuple(hp, {atoms::inet_reply, ref, result});
  io_.deliver(w.pid, s);
}

void TcpPort::reply_data(const Waiter& w, std::string_view data) {
  Signal* s = msg::new_message(term(), msg::tuple_words(3) + msg::ref_words() + msg::tuple_words(2) +
                                           data_words(data.size()));
  Word* hp = s->payload();
  Term ref = msg::write_ref(hp, w.ref);
  Term value = write_data(s, hp, data);
  Term result = msg::write_tuple(hp, {atoms::ok, value});
  s->message = msg::write_tuple(hp, {atoms::inet_reply, ref, result});
  io_.deliver(w.pid, s);
}

void TcpPort::reply_socket(const Waiter& w, Term socket) {
  Signal* s = msg::new_message(term(), msg::tuple_words(3) + msg::ref_words() + msg::tuple_words(2));
  Word* hp = s->payload();
  Term ref = msg::write_ref(hp, w.ref);
  Term result = msg::write_tuple(hp, {atoms::ok, socket});
  s->message = msg::write_tuple(hp, {atoms::inet_reply, ref, result});
  io_.deliver(w.pid, s);
}

void TcpPort::send_owner_data(std::string_view data) {
  Signal* s = msg::new_message(term(), msg::tuple_words(3) + data_words(data.size()));
  Word* hp = s->payload();
  Term value = write_data(s, hp, data);
  s->message = msg::write_tuple(hp, {atoms::tcp, term(), value});
  io_.deliver(owner_, s);
}

void TcpPort::send_owner(Term tag) {
  Signal* s = msg::new_message(term(), msg::tuple_words(2));
  Word* hp = s->payload();
  s->message = msg::write_tuple(hp, {tag, term()});
  io_.deliver(owner_, s);
}

void TcpPort::send_owner_error(Term reason) {
  Signal* s = msg::new_message(term(), msg::tuple_words(3));
  Word* hp = s->payload();
  s->message = msg::write_tuple(hp, {atoms::tcp_error, term(), reason});
  io_.deliver(owner_, s);
}

Term TcpPort::error_reason(int err) const {
  if (err == ECONNRESET && !options_.show_econnreset) return atoms::closed;
  return errno_atom(io_.vm(), err);
}

void TcpPort::dispatch() {
  // Passive: answer waiting recvs in order (a recv whose process died
  // takes no data with it).
  if (!recv_waiters_.empty() && in_start_ != in_.size()) {
    std::erase_if(recv_waiters_, [&](const Waiter& w) { return !io_.vm().processes().alive(w.pid); });
  }
  while (!recv_waiters_.empty()) {
    const Waiter& w = recv_waiters_.front();
    io::PacketSpan span = take_span(w.length);
    if (span.status == io::PacketSpan::TooBig) {
      Waiter done = w;
      recv_waiters_.erase(recv_waiters_.begin());
      reply_error(done, atoms::emsgsize);
      error_ = EMSGSIZE;
      connection_over(true, true);
      continue;
    }
    if (span.status == io::PacketSpan::Ready) {
      Waiter done = w;
      recv_waiters_.erase(recv_waiters_.begin());
      reply_data(done, span_data(span));
      consume(span);
      continue;
    }
    if (eof_ || error_ != 0) {
      Waiter done = w;
      recv_waiters_.erase(recv_waiters_.begin());
      reply_error(done, eof_ ? atoms::closed : error_reason(error_));
      connection_over(true);
      continue;
    }
    break;
  }
  // Active: hand packets to the owner.
  while (options_.active != TcpOptions::Active::False && owner_ != 0) {
    io::PacketSpan span = take_span(0);
    if (span.status == io::PacketSpan::TooBig) {
      send_owner_error(atoms::emsgsize);
      error_ = EMSGSIZE;
      break;
    }
    if (span.status != io::PacketSpan::Ready) break;
    send_owner_data(span_data(span));
    consume(span);
    if (options_.active == TcpOptions::Active::Once) {
      options_.active = TcpOptions::Active::False;
    } else if (options_.active == TcpOptions::Active::Count && --options_.active_count <= 0) {
      options_.active = TcpOptions::Active::False;
      options_.active_count = 0;
      send_owner(atoms::tcp_passive);
    }
  }
  // End of input: an active owner hears of it once. A passive socket
  // reports it to the recvs that come.
  if ((eof_ || error_ != 0) && !closed_reported_ && options_.active != TcpOptions::Active::False &&
      owner_ != 0 && take_span(0).status != io::PacketSpan::Ready) {
    closed_reported_ = true;
    if (error_ != 0 && error_ != EMSGSIZE && (error_ != ECONNRESET || options_.show_econnreset)) {
      send_owner_error(error_reason(error_));
    }
    send_owner(atoms::tcp_closed);
    connection_over(false, error_ == EMSGSIZE);
  }
}

void TcpPort::connection_over(bool passive, bool always) {
  // With exit_on_close (the default) the end of input, once reported,
  // ends the connection: the descriptor closes, buffered input is dropped,
  // send says closed from then on, and recv says enotconn after a passive
  // report, closed after an active one (OTP's inet_drv).
  if ((!options_.exit_on_close && !always) || shut_) return;
  shut_ = true;
  shut_enotconn_ = passive;
  in_.clear();
  in_start_ = 0;
  fail_waiters(atoms::closed);
}

void TcpPort::fail_waiters(Term reason) {
  for (const Waiter& w : recv_waiters_) reply_error(w, reason);
  recv_waiters_.clear();
  for (const Waiter& w : accept_waiters_) reply_error(w, reason);
  accept_waiters_.clear();
  for (const Waiter& w : send_waiters_) reply_error(w, reason);
  send_waiters_.clear();
  if (connect_waiter_.pid != 0) {
    reply_error(connect_waiter_, reason);
    connect_waiter_ = Waiter{};
    connecting_ = false;
  }
}

Term TcpPort::recv(Process& p, std::size_t length) {
  std::unique_lock lock(mutex_);
  if (closed_) return error_tuple(p, atoms::closed);
  if (shut_) return error_tuple(p, shut_enotconn_ ? atoms::enotconn : atoms::closed);
  if (listening_ || connecting_) return error_tuple(p, atoms::enotconn);
  if (options_.active != TcpOptions::Active::False) return error_tuple(p, atoms::einval);
  if (length > 0 && options_.packet != io::PacketType::Raw) return error_tuple(p, atoms::einval);
  if (recv_waiters_.empty()) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      io::PacketSpan span = take_span(length);
      if (span.status == io::PacketSpan::TooBig) {
        // A packet over packet_size ends the connection (OTP).
        error_ = EMSGSIZE;
        connection_over(true, true);
        lock.unlock();
        io_.sync(shared_from_this());
        return error_tuple(p, atoms::emsgsize);
      }
      if (span.status == io::PacketSpan::Ready) {
        Term data = make_data(p, span_data(span));
        consume(span);
        bool restart = !poll_reading() && wants_read();
        lock.unlock();
        if (restart) io_.sync(shared_from_this());
        return ok_tuple(p, data);
      }
      if (eof_ || error_ != 0) {
        Term reason = eof_ ? atoms::closed : error_reason(error_);
        connection_over(true);
        lock.unlock();
        io_.sync(shared_from_this());
        return error_tuple(p, reason);
      }
      // Nothing buffered: try the socket here (the loop is not reading it:
      // no recv waits and the socket is passive).
      if (attempt == 0) {
        char scratch[16 * 1024];  // a scheduler thread's stack: one recv's worth
        read_socket(std::max(kReadChunk, length), scratch, sizeof scratch);
      }
    }
  }
  Term ref = new_reply_ref(p, recv_waiters_.emplace_back(), length);
  bool reading = poll_reading();
  lock.unlock();
  if (!reading) io_.sync(shared_from_this());
  return ref;
}

bool TcpPort::cancel(RefId ref) {
  std::lock_guard lock(mutex_);
  auto drop = [&](std::vector<Waiter>& q) {
    auto it = std::find_if(q.begin(), q.end(), [&](const Waiter& w) { return w.ref == ref; });
    if (it == q.end()) return false;
    q.erase(it);
    return true;
  };
  if (drop(recv_waiters_) || drop(accept_waiters_) || drop(send_waiters_)) return true;
  if (connect_waiter_.pid != 0 && connect_waiter_.ref == ref) {
    connect_waiter_ = Waiter{};
    return true;
  }
  return false;
}

// --- output -----------------------------------------------------------------------

void TcpPort::queue_output(std::string_view bytes) {
  if (bytes.empty()) return;
  if (out_head_ > 16 && out_head_ * 2 > out_.size()) {
    out_.erase(out_.begin(), out_.begin() + static_cast<std::ptrdiff_t>(out_head_));
    out_head_ = 0;
  }
  out_.emplace_back(bytes);
  out_bytes_ += bytes.size();
}

Term TcpPort::send(Process& p, std::string_view bytes) {
  std::unique_lock lock(mutex_);
  std::string framed;
  if (std::size_t h = io::packet_header_bytes(options_.packet); h != 0) {
    // {packet, 1|2|4}: a big-endian length header first (for 1 and 2 the
    // length is taken modulo 2^8 / 2^16 without complaint, as OTP does).
    if (h == 4 && bytes.size() > UINT32_MAX) return error_tuple(p, atoms::emsgsize);
    framed.reserve(h + bytes.size());
    for (std::size_t i = h; i-- > 0;) framed.push_back(static_cast<char>((bytes.size() >> (8 * i)) & 255));
    framed.append(bytes);
    bytes = framed;
  }
  if (closed_ || shut_ || write_failed_ || shutdown_write_) return error_tuple(p, atoms::closed);
  if (listening_ || connecting_) return error_tuple(p, atoms::enotconn);
  if (out_bytes_ > options_.high_watermark || !send_waiters_.empty()) {
    // Busy: the sender waits with its data held aside, queued only once
    // the queue drains below low_watermark. A send that times out (or a
    // killed sender) leaves nothing behind, so however much a writer
    // offers a peer that does not read, the queue stays bounded.
    Waiter& w = send_waiters_.emplace_back();
    w.data.assign(bytes);
    return new_reply_ref(p, w, 0);
  }
  bool was_empty = out_bytes_ == 0;
  if (was_empty && !options_.delay_send) {
    std::size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) {
        done += static_cast<std::size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      int err = errno;
      write_failed_ = true;
      if (err == EPIPE || err == ECONNRESET) return error_tuple(p, atoms::closed);
      return error_tuple(p, errno_atom(p.vm(), err));
    }
    bytes_out += done;
    if (done == bytes.size()) return atoms::ok;
    bytes = bytes.substr(done);
  }
  queue_output(bytes);
  lock.unlock();
  if (was_empty) io_.sync(shared_from_this());
  return atoms::ok;
}

void TcpPort::flush_output() {
  while (out_bytes_ != 0 && !write_failed_) {
    iovec iov[64];
    int count = 0;
    std::size_t offset = out_offset_;
    for (auto it = out_.begin() + static_cast<std::ptrdiff_t>(out_head_); it != out_.end() && count < 64; ++it) {
      iov[count].iov_base = it->data() + offset;
      iov[count].iov_len = it->size() - offset;
      ++count;
      offset = 0;
    }
    msghdr mh{};
    mh.msg_iov = iov;
    mh.msg_iovlen = static_cast<std::size_t>(count);
    ssize_t n = ::sendmsg(fd_, &mh, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      // The peer is gone: queued output is lost, and senders hear of it.
      write_failed_ = true;
      out_.clear();
      out_head_ = 0;
      out_bytes_ = 0;
      out_offset_ = 0;
      for (const Waiter& w : send_waiters_) reply_error(w, atoms::closed);
      send_waiters_.clear();
      return;
    }
    std::size_t written = static_cast<std::size_t>(n);
    bytes_out += written;
    out_bytes_ -= written;
    while (written > 0) {
      std::size_t left = out_[out_head_].size() - out_offset_;
      if (written >= left) {
        written -= left;
        std::string().swap(out_[out_head_]);
        ++out_head_;
        out_offset_ = 0;
        if (out_head_ == out_.size()) {
          out_.clear();
          out_head_ = 0;
        }
      } else {
        out_offset_ += written;
        written = 0;
      }
    }
  }
  // Drained enough: waiting senders' data joins the queue in order, until
  // the queue is busy again.
  if (out_bytes_ <= options_.low_watermark && !send_waiters_.empty() && !write_failed_) {
    std::size_t taken = 0;
    while (taken < send_waiters_.size() && out_bytes_ <= options_.high_watermark) {
      Waiter& w = send_waiters_[taken++];
      queue_output(w.data);
      reply(w, atoms::ok);
    }
    send_waiters_.erase(send_waiters_.begin(), send_waiters_.begin() + static_cast<std::ptrdiff_t>(taken));
    if (out_bytes_ != 0) flush_output();  // write what just joined (loop thread)
  }
  if (out_bytes_ == 0 && shutdown_write_ && !shutdown_done_ && fd_ >= 0) {
    ::shutdown(fd_, SHUT_WR);
    shutdown_done_ = true;
  }
}

// --- accept and connect --------------------------------------------------------

Term TcpPort::accept(Process& p) {
  std::unique_lock lock(mutex_);
  if (closed_) return error_tuple(p, atoms::closed);
  if (!listening_) return error_tuple(p, atoms::einval);
  if (accept_waiters_.empty()) {
    int fd = ::accept4(fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0) {
      TcpOptions options = options_;
      lock.unlock();
      apply_socket_options(fd, options, false);
      auto port = std::make_shared<TcpPort>(io_, fd, family_, false, options);
      Term socket = io_.open_port(p, port);
      if (options.active != TcpOptions::Active::False) io_.sync(port);
      return ok_tuple(p, socket);
    }
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR && errno != ECONNABORTED) {
      return error_tuple(p, errno_atom(p.vm(), errno));
    }
  }
  Term ref = new_reply_ref(p, accept_waiters_.emplace_back(), 0);
  lock.unlock();
  io_.sync(shared_from_this());
  return ref;
}

void TcpPort::accept_pending() {
  // An acceptor that died while waiting (killed in gen_tcp:accept) must
  // not take a connection with it.
  std::erase_if(accept_waiters_, [&](const Waiter& w) { return !io_.vm().processes().alive(w.pid); });
  while (!accept_waiters_.empty()) {
    int fd = ::accept4(fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return;
      // emfile and friends: the first waiter hears of it (it may wait and
      // try again, as OTP programs do).
      Waiter w = accept_waiters_.front();
      accept_waiters_.erase(accept_waiters_.begin());
      reply_error(w, errno_atom(io_.vm(), errno));
      continue;
    }
    Waiter w = accept_waiters_.front();
    accept_waiters_.erase(accept_waiters_.begin());
    apply_socket_options(fd, options_, false);
    auto port = std::make_shared<TcpPort>(io_, fd, family_, false, options_);
    {
      std::lock_guard plock(port->mutex_);
      port->owner_ = w.pid;
    }
    Word index = io_.ports().insert(port);
    // The link reaches the acceptor before the reply (same sender, same
    // inbox, in order); if the acceptor is gone, so is the socket.
    Signal* link = new_signal(SignalKind::Link, Term::port(index), 0);
    if (!post_signal(io_.vm(), w.pid, link, -1)) {
      free_signal(link);
      port->close();
      port->sync_on_loop();
      continue;
    }
    reply_socket(w, Term::port(index));
    if (options_.active != TcpOptions::Active::False) io_.sync(port);
  }
}

void TcpPort::finish_connect() {
  int err = 0;
  socklen_t len = sizeof err;
  if (::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
  if (err == EINPROGRESS || err == EALREADY) return;
  connecting_ = false;
  Waiter w = connect_waiter_;
  connect_waiter_ = Waiter{};
  if (err == 0) {
    if (w.pid != 0) reply_socket(w, term());
    return;
  }
  // Failed: the socket is of no more use; the caller closes it (its reply
  // is {error, Reason}).
  error_ = err;
  if (w.pid != 0) reply_error(w, errno_atom(io_.vm(), err));
}

// --- close, ownership, options ------------------------------------------------

void TcpPort::close() {
  {
    std::lock_guard lock(mutex_);
    if (closed_ && owner_ == 0) return;
    closed_ = true;
    owner_ = 0;
    fail_waiters(atoms::closed);
  }
  io_.sync(shared_from_this());
}

Term TcpPort::close_and_wait(Process& p) {
  Term result = atoms::ok;
  {
    std::lock_guard lock(mutex_);
    if (closed_ && owner_ == 0) return atoms::ok;
    closed_ = true;
    owner_ = 0;
    fail_waiters(atoms::closed);
    // gen_tcp:close returns once the descriptor is closed (a listen port
    // can be opened again at once), unless output is still queued: that
    // is written in the background, as OTP does.
    bool output_pending = out_bytes_ != 0 && !write_failed_ && !listening_;
    if (!handles_closed_ && !output_pending) result = new_reply_ref(p, close_waiter_, 0);
  }
  io_.sync(shared_from_this());
  return result;
}

void TcpPort::descriptor_closed() {
  handles_closed_ = true;
  if (close_waiter_.pid != 0) {
    reply(close_waiter_, atoms::ok);
    close_waiter_ = Waiter{};
  }
}

void TcpPort::linked_exited(Word pid, Term) {
  {
    std::lock_guard lock(mutex_);
    if (pid != owner_) return;
  }
  close();
}

Term TcpPort::shutdown(Process& p, bool read, bool write) {
  std::unique_lock lock(mutex_);
  if (closed_) return error_tuple(p, atoms::closed);
  if (listening_ || connecting_) return error_tuple(p, atoms::enotconn);
  if (read) {
    ::shutdown(fd_, SHUT_RD);
    eof_ = true;
  }
  if (write && !shutdown_write_) {
    shutdown_write_ = true;
    if (out_bytes_ == 0) {
      ::shutdown(fd_, SHUT_WR);
      shutdown_done_ = true;
    }
  }
  if (read) dispatch();
  lock.unlock();
  io_.sync(shared_from_this());
  return atoms::ok;
}

Term TcpPort::controlling_process(Process& p, Word new_owner) {
  {
    std::lock_guard lock(mutex_);
    if (closed_ && owner_ == 0) return error_tuple(p, atoms::closed);
    if (owner_ != p.id()) return error_tuple(p, atoms::not_owner);
    if (new_owner == owner_) return atoms::ok;
    owner_ = new_owner;
  }
  std::erase(p.relations().port_links, index_);
  Signal* link = new_signal(SignalKind::Link, term(), 0);
  if (!post_signal(p.vm(), new_owner, link, p.worker())) {
    // The new owner is gone already: the socket goes with it.
    free_signal(link);
    close();
  }
  return atoms::ok;
}

Term TcpPort::setopts(Process& p, Term list) {
  std::unique_lock lock(mutex_);
  if (closed_) return error_tuple(p, atoms::einval);
  TcpOptions o = options_;
  if (!parse_options(p.vm(), list, o, nullptr, nullptr)) return error_tuple(p, atoms::einval);
  bool was_passive = options_.active == TcpOptions::Active::False;
  options_ = o;
  if (fd_ >= 0) apply_socket_options(fd_, o, listening_);
  if (options_.active == TcpOptions::Active::Count && options_.active_count <= 0) {
    options_.active = TcpOptions::Active::False;
    options_.active_count = 0;
    if (owner_ != 0) send_owner(atoms::tcp_passive);
  }
  bool now_active = options_.active != TcpOptions::Active::False;
  if (now_active && !listening_) {
    // Buffered input (or an end of stream already seen) goes out now.
    dispatch();
  }
  lock.unlock();
  if (was_passive != !now_active || now_active) io_.sync(shared_from_this());
  return atoms::ok;
}

Term TcpPort::getopts(Process& p, Term names) {
  std::unique_lock lock(mutex_);
  if (closed_) return error_tuple(p, atoms::einval);
  std::vector<Term> out;
  auto sock_int = [&](int level, int name) {
    int v = 0;
    socklen_t len = sizeof v;
    if (fd_ >= 0) ::getsockopt(fd_, level, name, &v, &len);
    return v;
  };
  for (Term l = names; !l.is_nil(); l = l.tail()) {
    if (!l.is_list()) return error_tuple(p, atoms::einval);
    Term k = l.head();
    Term v;
    if (k == atoms::active) {
      switch (options_.active) {
        case TcpOptions::Active::False: v = kFalse; break;
        case TcpOptions::Active::True: v = kTrue; break;
        case TcpOptions::Active::Once: v = atoms::once; break;
        case TcpOptions::Active::Count: v = Term::small(options_.active_count); break;
      }
    } else if (k == atoms::mode) {
      v = options_.binary ? atoms::binary : atoms::list;
    } else if (k == atoms::binary || k == atoms::list) {
      continue;
    } else if (k == atoms::packet) {
      switch (options_.packet) {
        case io::PacketType::Raw: v = Term::small(0); break;
        case io::PacketType::One: v = Term::small(1); break;
        case io::PacketType::Two: v = Term::small(2); break;
        case io::PacketType::Four: v = Term::small(4); break;
        case io::PacketType::Line: v = atoms::line; break;
      }
    } else if (k == atoms::packet_size) {
      v = Term::small(static_cast<SWord>(options_.packet_size));
    } else if (k == atoms::line_length) {
      v = Term::small(static_cast<SWord>(options_.line_length));
    } else if (k == atoms::header) {
      v = Term::small(static_cast<SWord>(options_.header));
    } else if (k == atoms::nodelay || k == atoms::keepalive) {
      if (family_ == AF_UNIX && k == atoms::nodelay) continue;  // TCP-level: a local socket has none (OTP leaves it out)
      v = make_bool(k == atoms::nodelay ? options_.nodelay : options_.keepalive);
    } else if (k == atoms::reuseaddr) {
      v = make_bool(options_.reuseaddr);
    } else if (k == atoms::exit_on_close) {
      v = make_bool(options_.exit_on_close);
    } else if (k == atoms::delay_send) {
      v = make_bool(options_.delay_send);
    } else if (k == atoms::send_timeout_close) {
      v = make_bool(options_.send_timeout_close);
    } else if (k == atoms::show_econnreset) {
      v = make_bool(options_.show_econnreset);
    } else if (k == atoms::send_timeout) {
      v = options_.send_timeout < 0 ? atoms::infinity : Term::small(options_.send_timeout);
    } else if (k == atoms::backlog) {
      v = Term::small(options_.backlog);
    } else if (k == atoms::recbuf) {
      v = Term::small(sock_int(SOL_SOCKET, SO_RCVBUF));
    } else if (k == atoms::sndbuf) {
      v = Term::small(sock_int(SOL_SOCKET, SO_SNDBUF));
    } else if (k == atoms::buffer) {
      v = Term::small(static_cast<SWord>(options_.buffer != 0 ? options_.buffer : kReadChunk));
    } else if (k == atoms::high_watermark) {
      v = Term::small(static_cast<SWord>(options_.high_watermark));
    } else if (k == atoms::low_watermark) {
      v = Term::small(static_cast<SWord>(options_.low_watermark));
    } else if (k == atoms::deliver) {
      v = atoms::term;
    } else if (k == atoms::linger) {
      v = make_tuple(p, {make_bool(options_.linger_on), Term::small(options_.linger_seconds)});
    } else {
      return error_tuple(p, atoms::einval);
    }
    out.push_back(make_tuple(p, {k, v}));
  }
  return ok_tuple(p, make_list(p, out));
}

Term TcpPort::peer_credentials(Process& p) {
  std::lock_guard lock(mutex_);
  if (closed_ || fd_ < 0) return error_tuple(p, atoms::einval);
  if (family_ != AF_UNIX) return error_tuple(p, p.vm().atoms().intern("enotsup"));
  ucred cred{};
  socklen_t len = sizeof cred;
  if (::getsockopt(fd_, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) return error_tuple(p, errno_atom(p.vm(), errno));
  return ok_tuple(p, make_tuple(p, {make_integer(p, cred.pid), make_integer(p, cred.uid), make_integer(p, cred.gid)}));
}

Term TcpPort::address(Process& p, bool peer) {
  std::lock_guard lock(mutex_);
  if (closed_ || fd_ < 0) return error_tuple(p, atoms::einval);
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  int rc = peer ? ::getpeername(fd_, reinterpret_cast<sockaddr*>(&ss), &len)
                : ::getsockname(fd_, reinterpret_cast<sockaddr*>(&ss), &len);
  if (rc != 0) return error_tuple(p, errno_atom(p.vm(), errno));
  if (ss.ss_family == AF_UNIX) {
    // {local, Path}; an unnamed socket (a client's own end) has no path.
    const auto* sun = reinterpret_cast<const sockaddr_un*>(&ss);
    std::size_t n = len > offsetof(sockaddr_un, sun_path) ? len - offsetof(sockaddr_un, sun_path) : 0;
    std::string_view path(sun->sun_path, n);
    if (std::size_t nul = path.find('\0'); nul != std::string_view::npos) path = path.substr(0, nul);
    return ok_tuple(p, make_tuple(p, {atoms::local, make_binary(p, path)}));
  }
  return ok_tuple(p, make_address(p, reinterpret_cast<sockaddr*>(&ss)));
}

}  // namespace girder::vm
