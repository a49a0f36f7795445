#include "vm/io/udp.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>

#include "vm/io/message.h"
#include "vm/io/service.h"
#include "vm/io/terms.h"
#include "vm/proc/mailbox.h"
#include "vm/proc/signals.h"
#include "vm/term/build.h"
#include "vm/vm.h"

namespace girder::vm {

using io::error_tuple;
using io::get_bool;
using io::get_int;
using io::ok_tuple;

namespace {

// A UDP datagram carries at most 65,507 bytes over IPv4 (65,527 over
// IPv6): reading into more than this gains nothing, whatever `buffer` says.
constexpr std::size_t kMaxDatagram = 65536;
// An active socket delivers at most this many datagrams per readiness
// event, so one busy socket cannot hold the loop thread from the others.
constexpr int kActiveReadBudget = 64;

void set_int_option(int fd, int level, int name, int value) { ::setsockopt(fd, level, name, &value, sizeof value); }

int get_int_option(int fd, int level, int name) {
  int v = 0;
  socklen_t len = sizeof v;
  if (fd >= 0) ::getsockopt(fd, level, name, &v, &len);
  return v;
}

// The errno a failed sendto/recv gives, as OTP names it for UDP.
Term udp_errno_atom(VM& vm, int err) {
  // send/2 on a socket with no peer: OTP says einval.
  if (err == EDESTADDRREQ) return atoms::einval;
  return errno_atom(vm, err);
}

int sockaddr_port(const sockaddr* sa) {
  return sa->sa_family == AF_INET ? ntohs(reinterpret_cast<const sockaddr_in*>(sa)->sin_port)
                                  : ntohs(reinterpret_cast<const sockaddr_in6*>(sa)->sin6_port);
}

Word ip_words(int family) { return msg::tuple_words(family == AF_INET ? 4 : 8); }

// The IP tuple of `sa`, written off-heap (message.h).
Term write_ip(Word*& hp, const sockaddr* sa) {
  Word* obj = hp;
  if (sa->sa_family == AF_INET) {
    std::uint32_t a = ntohl(reinterpret_cast<const sockaddr_in*>(sa)->sin_addr.s_addr);
    hp += 5;
    obj[0] = make_header(BoxKind::Tuple, 4);
    for (int i = 0; i < 4; ++i) obj[1 + i] = Term::small((a >> (24 - 8 * i)) & 255).raw();
  } else {
    const auto* b = reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr.s6_addr;
    hp += 9;
    obj[0] = make_header(BoxKind::Tuple, 8);
    for (int i = 0; i < 8; ++i) obj[1 + i] = Term::small((b[2 * i] << 8) | b[2 * i + 1]).raw();
  }
  return Term::boxed(obj);
}

// An IPv4 address tuple as in_addr (multicast options are IPv4 here).
bool ipv4_address(Term ip, in_addr& out) {
  SocketAddress a;
  if (!socket_address_from(ip, Term::small(0), a) || a.family() != AF_INET) return false;
  out = reinterpret_cast<const sockaddr_in*>(&a.storage)->sin_addr;
  return true;
}

}  // namespace

// --- options ---------------------------------------------------------------------

bool UdpPort::parse_options(Term list, UdpOptions& o, std::vector<UdpMembership>& memberships,
                            SocketAddress* local, int* family) {
  for (Term l = list; !l.is_nil(); l = l.tail()) {
    if (!l.is_list()) return false;
    Term opt = l.head();
    if (opt == atoms::binary) {
      o.binary = true;
    } else if (opt == atoms::list) {
      o.binary = false;
    } else if (opt == atoms::inet || opt == atoms::inet6) {
      if (family == nullptr) return false;
      *family = opt == atoms::inet ? AF_INET : AF_INET6;
    } else if (opt.is_tuple() && opt.tuple_arity() == 2) {
      Term k = opt.element(0), v = opt.element(1);
      std::int64_t n;
      bool b;
      if (k == atoms::active) {
        if (v == kTrue) {
          o.active = UdpOptions::Active::True;
        } else if (v == kFalse) {
          o.active = UdpOptions::Active::False;
        } else if (v == atoms::once) {
          o.active = UdpOptions::Active::Once;
        } else if (get_int(v, -32768, 32767, n)) {
          // {active, N} adds to the count in force (OTP); at or below 0
          // the socket turns passive (setopts sends udp_passive then).
          std::int64_t base = o.active == UdpOptions::Active::Count ? o.active_count : 0;
          if (base + n > 32767) return false;
          o.active = UdpOptions::Active::Count;
          o.active_count = static_cast<int>(base + n);
        } else {
          return false;
        }
      } else if (k == atoms::mode) {
        if (v != atoms::binary && v != atoms::list) return false;
        o.binary = v == atoms::binary;
      } else if (k == atoms::ip || k == atoms::ifaddr) {
        SocketAddress a;
        if (local == nullptr || !socket_address_from(v, Term::small(0), a)) return false;
        *local = a;
      } else if (k == atoms::buffer) {
        if (!get_int(v, 0, INT32_MAX, n)) return false;
        o.buffer = n == 0 ? 1 : static_cast<std::size_t>(n);  // OTP: 0 reads as 1
        o.buffer_given = true;
      } else if (k == atoms::recbuf || k == atoms::sndbuf) {
        if (!get_int(v, 1, INT32_MAX, n)) return false;
        (k == atoms::recbuf ? o.recbuf : o.sndbuf) = static_cast<int>(n);
      } else if (k == atoms::reuseaddr || k == atoms::reuseport || k == atoms::broadcast) {
        if (!get_bool(v, b)) return false;
        (k == atoms::reuseaddr ? o.reuseaddr : k == atoms::reuseport ? o.reuseport : o.broadcast) = b;
      } else if (k == atoms::multicast_ttl) {
        if (!get_int(v, 0, 255, n)) return false;
        o.multicast_ttl = static_cast<int>(n);
      } else if (k == atoms::multicast_loop) {
        if (!get_bool(v, b)) return false;
        o.multicast_loop = b ? 1 : 0;
      } else if (k == atoms::add_membership || k == atoms::drop_membership) {
        // {Group, Interface}, IPv4 (IPv6 groups are refused: einval).
        in_addr group, interface;
        if (!v.is_tuple() || v.tuple_arity() != 2 || !ipv4_address(v.element(0), group) ||
            !ipv4_address(v.element(1), interface)) {
          return false;
        }
        UdpMembership m;
        m.add = k == atoms::add_membership;
        socket_address_from(v.element(0), Term::small(0), m.group);
        socket_address_from(v.element(1), Term::small(0), m.interface);
        memberships.push_back(m);
      } else if (k == atoms::packet || k == atoms::header || k == atoms::deliver || k == atoms::read_packets) {
        // Accepted and without effect on a datagram socket (as in OTP).
      } else {
        return false;
      }
    } else {
      return false;
    }
  }
  return true;
}

void UdpPort::apply_socket_options(const std::vector<UdpMembership>& memberships, int* err) {
  const UdpOptions& o = options_;
  set_int_option(fd_, SOL_SOCKET, SO_BROADCAST, o.broadcast ? 1 : 0);
  if (o.recbuf > 0) set_int_option(fd_, SOL_SOCKET, SO_RCVBUF, o.recbuf);
  if (o.sndbuf > 0) set_int_option(fd_, SOL_SOCKET, SO_SNDBUF, o.sndbuf);
  bool v6 = family_ == AF_INET6;
  if (o.multicast_ttl >= 0) {
    set_int_option(fd_, v6 ? IPPROTO_IPV6 : IPPROTO_IP, v6 ? IPV6_MULTICAST_HOPS : IP_MULTICAST_TTL, o.multicast_ttl);
  }
  if (o.multicast_loop >= 0) {
    set_int_option(fd_, v6 ? IPPROTO_IPV6 : IPPROTO_IP, v6 ? IPV6_MULTICAST_LOOP : IP_MULTICAST_LOOP,
                   o.multicast_loop);
  }
  for (const UdpMembership& m : memberships) {
    ip_mreq req{};
    req.imr_multiaddr = reinterpret_cast<const sockaddr_in*>(&m.group.storage)->sin_addr;
    req.imr_interface = reinterpret_cast<const sockaddr_in*>(&m.interface.storage)->sin_addr;
    if (v6 || ::setsockopt(fd_, IPPROTO_IP, m.add ? IP_ADD_MEMBERSHIP : IP_DROP_MEMBERSHIP, &req, sizeof req) != 0) {
      if (err != nullptr && *err == 0) *err = v6 ? EINVAL : errno;
    }
  }
}

// --- construction ------------------------------------------------------------------

UdpPort::UdpPort(IoService& io, int fd, int family, const UdpOptions& options)
    : Port(io, Kind::UdpSocket), fd_(fd), family_(family), options_(options) {}

UdpPort::~UdpPort() {
  // Normally closed on the loop (close_handles); a port dropped without
  // ever reaching the loop still owns its descriptor.
  if (fd_ >= 0 && !poll_.open()) ::close(fd_);
}

Term UdpPort::open(Process& p, const SocketAddress& local, UdpOptions options,
                   const std::vector<UdpMembership>& memberships) {
  VM& vm = p.vm();
  // recbuf sets `buffer` too (up to a datagram's size), unless buffer is
  // given (OTP).
  if (options.recbuf > 0 && !options.buffer_given) {
    options.buffer = std::min<std::size_t>(static_cast<std::size_t>(options.recbuf), kMaxDatagram);
  }
  int fd = ::socket(local.family(), SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return error_tuple(p, errno_atom(vm, errno));
  // Before bind: they decide whether the address may be shared.
  if (options.reuseaddr) set_int_option(fd, SOL_SOCKET, SO_REUSEADDR, 1);
  if (options.reuseport) set_int_option(fd, SOL_SOCKET, SO_REUSEPORT, 1);
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&local.storage), local.length) != 0) {
    int err = errno;
    ::close(fd);
    return error_tuple(p, errno_atom(vm, err));
  }
  auto port = std::make_shared<UdpPort>(vm.io(), fd, local.family(), options);
  int err = 0;
  {
    std::lock_guard lock(port->mutex_);
    port->apply_socket_options(memberships, &err);
  }
  if (err != 0) return error_tuple(p, errno_atom(vm, err));  // the port closes its fd
  Term socket = vm.io().open_port(p, port);
  if (options.active != UdpOptions::Active::False) vm.io().sync(port);
  return ok_tuple(p, socket);
}

Term UdpPort::new_reply_ref(Process& p, Waiter& w) {
  w.ref = io::fresh_ref(p.vm());
  w.pid = p.id();
  return io::ref_term(p, w.ref);
}

// --- state the loop follows ----------------------------------------------------

bool UdpPort::wants_read() const {
  if (closed_) return false;
  return options_.active != UdpOptions::Active::False || !recv_waiters_.empty();
}

void UdpPort::sync_on_loop() {
  std::unique_lock lock(mutex_);
  if (handles_closing_) return;
  if (closed_) {
    close_handles();
    return;
  }
  int events = (wants_read() ? UV_READABLE : 0) | (wants_write() ? UV_WRITABLE : 0);
  if (!poll_.want(io_.loop(), fd_, true, events, this, [](uv_poll_t* h, int status, int ev) {
        static_cast<UdpPort*>(h->data)->on_poll(status, ev);
      })) {
    // Should not happen for a socket: the port is of no more use.
    closed_ = true;
    fail_waiters(atoms::closed);
    close_handles();
  }
}

void UdpPort::close_handles() {
  // mutex_ held, loop thread.
  handles_closing_ = true;
  bool closing = poll_.close([](uv_handle_t* h) {
    auto* self = static_cast<UdpPort*>(h->data);
    Word index;
    {
      std::lock_guard lock(self->mutex_);
      if (self->fd_ >= 0) ::close(self->fd_);
      self->fd_ = -1;
      if (self->close_waiter_.pid != 0) self->reply(self->close_waiter_, atoms::ok);
      self->close_waiter_ = Waiter{};
      index = self->index_;
    }
    self->io_.port_closed(index);
  });
  if (closing) return;
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (close_waiter_.pid != 0) reply(close_waiter_, atoms::ok);
  close_waiter_ = Waiter{};
  Word index = index_;
  IoService& io = io_;
  // The table's reference may be the last: drop it after the lock.
  io.post([&io, index](uv_loop_t*) { io.port_closed(index); });
}

void UdpPort::shutdown_on_loop() {
  std::lock_guard lock(mutex_);
  if (handles_closing_) return;
  closed_ = true;
  out_.clear();
  close_handles();
}

void UdpPort::on_poll(int status, int events) {
  std::unique_lock lock(mutex_);
  if (handles_closing_) return;
  if (status < 0) {
    // POLLERR: libuv has stopped the handle (the next sync starts it
    // again); the next syscall reports the error.
    poll_.lost();
    events = UV_READABLE | UV_WRITABLE;
  }
  if ((events & UV_WRITABLE) != 0) flush_output();
  if ((events & UV_READABLE) != 0 && wants_read()) read_and_dispatch();
  lock.unlock();
  sync_on_loop();
}

// --- input ------------------------------------------------------------------------

bool UdpPort::read_datagram(int* err) {
  *err = 0;
  if (fd_ < 0) return false;
  std::size_t limit = std::min(options_.buffer, kMaxDatagram);
  in_.resize(limit);
  socklen_t len = sizeof in_from_.storage;
  ssize_t n;
  do {
    len = sizeof in_from_.storage;
    // A datagram longer than `limit` is cut to it; the kernel drops the rest.
    n = ::recvfrom(fd_, in_.data(), limit, MSG_DONTWAIT, reinterpret_cast<sockaddr*>(&in_from_.storage), &len);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    in_.clear();
    if (errno != EAGAIN && errno != EWOULDBLOCK) *err = errno;
    return false;
  }
  in_.resize(static_cast<std::size_t>(n));
  in_from_.length = len;
  bytes_in += static_cast<std::uint64_t>(n);
  return true;
}

void UdpPort::read_and_dispatch() {
  for (int budget = kActiveReadBudget; budget > 0; --budget) {
    int err;
    if (!recv_waiters_.empty()) {
      Waiter w = recv_waiters_.front();
      if (read_datagram(&err)) {
        recv_waiters_.pop_front();
        reply_datagram(w);
      } else if (err != 0) {
        // An ICMP error reported on a connected socket (econnrefused, ...).
        recv_waiters_.pop_front();
        reply_error(w, udp_errno_atom(io_.vm(), err));
      } else {
        return;
      }
    } else if (options_.active != UdpOptions::Active::False && owner_ != 0) {
      if (read_datagram(&err)) {
        deliver_active();
      } else if (err == 0) {
        return;
      }
      // An active socket drops such errors (the datagram that caused
      // them is gone, and OTP's sockets stay open).
    } else {
      return;
    }
  }
}

Word UdpPort::data_words(std::size_t n) const {
  return options_.binary ? msg::binary_words(n) : msg::byte_list_words(n);
}

Term UdpPort::write_data(Signal* s, Word*& hp, std::string_view data) const {
  return options_.binary ? msg::write_binary(s, hp, data) : msg::write_byte_list(hp, data);
}

Term UdpPort::make_data(Process& p, std::string_view data) const {
  return options_.binary ? make_binary(p, data) : make_byte_list(p, data);
}

void UdpPort::deliver_active() {
  const auto* from = reinterpret_cast<const sockaddr*>(&in_from_.storage);
  Signal* s = msg::new_message(term(), msg::tuple_words(5) + ip_words(from->sa_family) + data_words(in_.size()));
  Word* hp = s->payload();
  Term ip = write_ip(hp, from);
  Term data = write_data(s, hp, in_);
  s->message = msg::write_tuple(hp, {atoms::udp, term(), ip, Term::small(sockaddr_port(from)), data});
  io_.deliver(owner_, s);
  if (options_.active == UdpOptions::Active::Once) {
    options_.active = UdpOptions::Active::False;
  } else if (options_.active == UdpOptions::Active::Count && --options_.active_count <= 0) {
    options_.active = UdpOptions::Active::False;
    options_.active_count = 0;
    send_owner(atoms::udp_passive);
  }
}

void UdpPort::send_owner(Term tag) {
  Signal* s = msg::new_message(term(), msg::tuple_words(2));
  Word* hp = s->payload();
  s->message = msg::write_tuple(hp, {tag, term()});
  io_.deliver(owner_, s);
}

void UdpPort::reply(const Waiter& w, Term atom_result) {
  Signal* s = msg::new_message(term(), msg::tuple_words(3) + msg::ref_words());
  Word* hp = s->payload();
  Term ref = msg::write_ref(hp, w.ref);
  s->message = msg::write_tuple(hp, {atoms::inet_reply, ref, atom_result});
  io_.deliver(w.pid, s);
}

void UdpPort::reply_error(const Waiter& w, Term reason) {
  Signal* s = msg::new_message(term(), msg::ref_words() + msg::tuple_words(2) + msg::tuple_words(3));
  Word* hp = s->payload();
  Term ref = msg::write_ref(hp, w.ref);
  Term result = msg::write_tuple(hp, {atoms::error, reason});
  s->message = msg::write_tuple(hp, {atoms::inet_reply, ref, result});
  io_.deliver(w.pid, s);
}

void UdpPort::reply_datagram(const Waiter& w) {
  const auto* from = reinterpret_cast<const sockaddr*>(&in_from_.storage);
  Signal* s = msg::new_message(term(), msg::ref_words() + msg::tuple_words(3) + msg::tuple_words(2) +
                                           msg::tuple_words(3) + ip_words(from->sa_family) + data_words(in_.size()));
  Word* hp = s->payload();
  Term ref = msg::write_ref(hp, w.ref);
  Term ip = write_ip(hp, from);
  Term data = write_data(s, hp, in_);
  Term triple = msg::write_tuple(hp, {ip, Term::small(sockaddr_port(from)), data});
  Term result = msg::write_tuple(hp, {atoms::ok, triple});
  s->message = msg::write_tuple(hp, {atoms::inet_reply, ref, result});
  io_.deliver(w.pid, s);
}

void UdpPort::fail_waiters(Term reason) {
  for (const Waiter& w : recv_waiters_) reply_error(w, reason);
  recv_waiters_.clear();
  for (const Datagram& d : out_) reply_error(d.sender, reason);
  out_.clear();
}

Term UdpPort::recv(Process& p) {
  std::unique_lock lock(mutex_);
  if (closed_) return error_tuple(p, atoms::closed);
  if (options_.active != UdpOptions::Active::False) return error_tuple(p, atoms::einval);
  if (recv_waiters_.empty()) {
    // The loop is not reading (passive, nobody waits): read here.
    int err;
    if (read_datagram(&err)) {
      const auto* from = reinterpret_cast<const sockaddr*>(&in_from_.storage);
      Term data = make_data(p, in_);
      return ok_tuple(p, make_tuple(p, {make_ip_tuple(p, from), Term::small(sockaddr_port(from)), data}));
    }
    if (err != 0) return error_tuple(p, udp_errno_atom(p.vm(), err));
  }
  Term ref = new_reply_ref(p, recv_waiters_.emplace_back());
  lock.unlock();
  io_.sync(shared_from_this());
  return ref;
}

bool UdpPort::cancel(RefId ref) {
  std::lock_guard lock(mutex_);
  auto it = std::find_if(recv_waiters_.begin(), recv_waiters_.end(), [&](const Waiter& w) { return w.ref == ref; });
  if (it != recv_waiters_.end()) {
    recv_waiters_.erase(it);
    return true;
  }
  // A queued datagram stays queued (it is sent, unanswered): what was
  // asked to go out still goes, as with TCP.
  for (Datagram& d : out_) {
    if (d.sender.pid != 0 && d.sender.ref == ref) {
      d.sender.pid = 0;
      return true;
    }
  }
  return false;
}

// --- output -----------------------------------------------------------------------

int UdpPort::send_now(const SocketAddress* to, std::string_view bytes) {
  if (fd_ < 0) return EBADF;
  ssize_t n;
  do {
    n = to != nullptr ? ::sendto(fd_, bytes.data(), bytes.size(), MSG_DONTWAIT | MSG_NOSIGNAL,
                                 reinterpret_cast<const sockaddr*>(&to->storage), to->length)
                      : ::send(fd_, bytes.data(), bytes.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return errno;
  bytes_out += static_cast<std::uint64_t>(n);
  return 0;
}

Term UdpPort::send(Process& p, const SocketAddress* to, std::string_view bytes) {
  std::unique_lock lock(mutex_);
  if (closed_) return error_tuple(p, atoms::closed);
  if (to != nullptr && to->family() != family_) return error_tuple(p, atoms::eafnosupport);
  if (out_.empty()) {
    int err = send_now(to, bytes);
    if (err == 0) return atoms::ok;
    if (err != EAGAIN && err != EWOULDBLOCK) return error_tuple(p, udp_errno_atom(p.vm(), err));
  }
  // The socket's buffer is full (or datagrams wait before this one): queue
  // it; the sender waits for its turn.
  Datagram& d = out_.emplace_back();
  d.bytes.assign(bytes);
  if (to != nullptr) d.to = *to;
  Term ref = new_reply_ref(p, d.sender);
  lock.unlock();
  io_.sync(shared_from_this());
  return ref;
}

void UdpPort::flush_output() {
  while (!out_.empty()) {
    Datagram& d = out_.front();
    int err = send_now(d.to.length != 0 ? &d.to : nullptr, d.bytes);
    if (err == EAGAIN || err == EWOULDBLOCK) return;
    if (d.sender.pid != 0) {
      if (err == 0) {
        reply(d.sender, atoms::ok);
      } else {
        reply_error(d.sender, udp_errno_atom(io_.vm(), err));
      }
    }
    out_.pop_front();
  }
}

Term UdpPort::connect(Process& p, const SocketAddress& to) {
  std::lock_guard lock(mutex_);
  if (closed_) return error_tuple(p, atoms::closed);
  if (to.family() != family_) return error_tuple(p, atoms::eafnosupport);
  if (::connect(fd_, reinterpret_cast<const sockaddr*>(&to.storage), to.length) != 0) {
    return error_tuple(p, errno_atom(p.vm(), errno));
  }
  return atoms::ok;
}

// --- close, ownership, options ------------------------------------------------

void UdpPort::close() {
  {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    closed_ = true;
    owner_ = 0;
    fail_waiters(atoms::closed);  // queued datagrams are dropped with it
  }
  io_.sync(shared_from_this());
}

Term UdpPort::close_and_wait(Process& p) {
  Term ref;
  {
    std::lock_guard lock(mutex_);
    if (closed_) return atoms::ok;
    closed_ = true;
    owner_ = 0;
    fail_waiters(atoms::closed);
    ref = new_reply_ref(p, close_waiter_);
  }
  io_.sync(shared_from_this());
  return ref;
}

void UdpPort::linked_exited(Word pid, Term) {
  {
    std::lock_guard lock(mutex_);
    if (pid != owner_) return;
  }
  close();
}

Term UdpPort::controlling_process(Process& p, Word new_owner) {
  {
    std::lock_guard lock(mutex_);
    if (closed_) return error_tuple(p, atoms::closed);
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

Term UdpPort::setopts(Process& p, Term list) {
  std::unique_lock lock(mutex_);
  if (closed_) return error_tuple(p, atoms::einval);
  UdpOptions o = options_;
  o.buffer_given = false;
  int recbuf_before = o.recbuf;
  std::vector<UdpMembership> memberships;
  if (!parse_options(list, o, memberships, nullptr, nullptr)) return error_tuple(p, atoms::einval);
  // A new recbuf raises `buffer` to match (up to a datagram's size) unless
  // the same call sets buffer itself (OTP).
  if (o.recbuf != recbuf_before && !o.buffer_given) {
    o.buffer = std::max(o.buffer, std::min<std::size_t>(static_cast<std::size_t>(o.recbuf), kMaxDatagram));
  }
  bool was_active = options_.active != UdpOptions::Active::False;
  options_ = o;
  int err = 0;
  apply_socket_options(memberships, &err);
  if (options_.active == UdpOptions::Active::Count && options_.active_count <= 0) {
    options_.active = UdpOptions::Active::False;
    options_.active_count = 0;
    if (owner_ != 0) send_owner(atoms::udp_passive);
  }
  bool now_active = options_.active != UdpOptions::Active::False;
  lock.unlock();
  if (was_active != now_active) io_.sync(shared_from_this());
  return err != 0 ? error_tuple(p, errno_atom(p.vm(), err)) : atoms::ok;
}

Term UdpPort::getopts(Process& p, Term names) {
  std::lock_guard lock(mutex_);
  if (closed_) return error_tuple(p, atoms::einval);
  std::vector<Term> out;
  bool v6 = family_ == AF_INET6;
  for (Term l = names; !l.is_nil(); l = l.tail()) {
    if (!l.is_list()) return error_tuple(p, atoms::einval);
    Term k = l.head();
    Term v;
    if (k == atoms::active) {
      switch (options_.active) {
        case UdpOptions::Active::False: v = kFalse; break;
        case UdpOptions::Active::True: v = kTrue; break;
        case UdpOptions::Active::Once: v = atoms::once; break;
        case UdpOptions::Active::Count: v = Term::small(options_.active_count); break;
      }
    } else if (k == atoms::mode) {
      v = options_.binary ? atoms::binary : atoms::list;
    } else if (k == atoms::binary || k == atoms::list) {
      continue;
    } else if (k == atoms::buffer) {
      v = Term::small(static_cast<SWord>(options_.buffer));
    } else if (k == atoms::recbuf) {
      v = Term::small(get_int_option(fd_, SOL_SOCKET, SO_RCVBUF));
    } else if (k == atoms::sndbuf) {
      v = Term::small(get_int_option(fd_, SOL_SOCKET, SO_SNDBUF));
    } else if (k == atoms::reuseaddr) {
      v = make_bool(get_int_option(fd_, SOL_SOCKET, SO_REUSEADDR) != 0);
    } else if (k == atoms::reuseport) {
      v = make_bool(get_int_option(fd_, SOL_SOCKET, SO_REUSEPORT) != 0);
    } else if (k == atoms::broadcast) {
      v = make_bool(get_int_option(fd_, SOL_SOCKET, SO_BROADCAST) != 0);
    } else if (k == atoms::multicast_ttl) {
      v = Term::small(get_int_option(fd_, v6 ? IPPROTO_IPV6 : IPPROTO_IP, v6 ? IPV6_MULTICAST_HOPS : IP_MULTICAST_TTL));
    } else if (k == atoms::multicast_loop) {
      v = make_bool(
          get_int_option(fd_, v6 ? IPPROTO_IPV6 : IPPROTO_IP, v6 ? IPV6_MULTICAST_LOOP : IP_MULTICAST_LOOP) != 0);
    } else if (k == atoms::deliver) {
      v = atoms::term;
    } else if (k == atoms::header) {
      v = Term::small(0);
    } else {
      return error_tuple(p, atoms::einval);
    }
    out.push_back(make_tuple(p, {k, v}));
  }
  return ok_tuple(p, make_list(p, out));
}

Term UdpPort::address(Process& p, bool peer) {
  std::lock_guard lock(mutex_);
  if (closed_ || fd_ < 0) return error_tuple(p, atoms::einval);
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  int rc = peer ? ::getpeername(fd_, reinterpret_cast<sockaddr*>(&ss), &len)
                : ::getsockname(fd_, reinterpret_cast<sockaddr*>(&ss), &len);
  if (rc != 0) return error_tuple(p, errno_atom(p.vm(), errno));
  return ok_tuple(p, make_address(p, reinterpret_cast<sockaddr*>(&ss)));
}

}  // namespace girder::vm
