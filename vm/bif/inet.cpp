// Sockets from Erlang: the girder_inet module that gen_tcp.erl and
// inet.erl call (vm/io/tcp.h does the work). The operations every socket
// has (setopts, getopts, names, cancel, controlling_process) take UDP
// sockets too (vm/io/udp.h; its own BIFs are in bif/udp.cpp). The generic
// port BIFs (erlang:ports/0, port_info/1,2, port_close/1) are in
// bif/port.cpp.
//
// Waiting: an operation that cannot finish at once returns a reference;
// its result comes as {inet_reply, Ref, Result}, which the Erlang side
// receives (with the caller's timeout; girder_inet:cancel/2 withdraws it).
// So every wait is an ordinary receive and no scheduler thread blocks.
#include <netdb.h>
#include <netinet/in.h>

#include <algorithm>
#include <array>

#include <cstring>
#include <string>

#include "vm/bif/bif.h"
#include "vm/io/io.h"
#include "vm/io/message.h"
#include "vm/io/tcp.h"
#include "vm/io/udp.h"
#include "vm/proc/mailbox.h"
#include "vm/term/build.h"
#include "vm/vm.h"

namespace girder::vm {

namespace {

Term error_tuple(Process& p, Term reason) { return make_tuple(p, {atoms::error, reason}); }

// The TCP port a term names; nullptr if it is not one or is gone.
std::shared_ptr<TcpPort> tcp_port(Process& p, Term t) {
  auto port = p.vm().io().find(t);
  if (port == nullptr || port->kind() != Port::Kind::TcpSocket) return nullptr;
  return std::static_pointer_cast<TcpPort>(port);
}

// A socket operation UDP shares with TCP: `fn` gets the TcpPort& or
// UdpPort& `t` names (both have the same member for it). A closed socket,
// or a port of another kind, gives gone(); a non-port badarg.
template <typename Gone, typename Fn>
Term on_socket(Process& p, Term t, Gone gone, Fn fn) {
  auto port = p.vm().io().find(t);
  if (port == nullptr) return t.is_port() ? gone() : p.badarg();
  switch (port->kind()) {
    case Port::Kind::TcpSocket: return fn(static_cast<TcpPort&>(*port));
    case Port::Kind::UdpSocket: return fn(static_cast<UdpPort&>(*port));
    default: return gone();
  }
}

SocketAddress any_address(int family, int port) {
  SocketAddress a;
  if (family == AF_INET6) {
    auto* sin6 = reinterpret_cast<sockaddr_in6*>(&a.storage);
    sin6->sin6_family = AF_INET6;
    sin6->sin6_addr = in6addr_any;
    sin6->sin6_port = htons(static_cast<std::uint16_t>(port));
    a.length = sizeof(sockaddr_in6);
  } else {
    auto* sin = reinterpret_cast<sockaddr_in*>(&a.storage);
    sin->sin_family = AF_INET;
    sin->sin_addr.s_addr = htonl(INADDR_ANY);
    sin->sin_port = htons(static_cast<std::uint16_t>(port));
    a.length = sizeof(sockaddr_in);
  }
  return a;
}

void set_port(SocketAddress& a, int port) {
  if (a.family() == AF_INET6) {
    reinterpret_cast<sockaddr_in6*>(&a.storage)->sin6_port = htons(static_cast<std::uint16_t>(port));
  } else {
    reinterpret_cast<sockaddr_in*>(&a.storage)->sin_port = htons(static_cast<std::uint16_t>(port));
  }
}

// girder_inet:tcp_listen(Port, Options)
Term bif_tcp_listen(Process& p, const Term* a) {
  if (!a[0].is_small() || a[0].small_value() < 0 || a[0].small_value() > 65535) return p.badarg();
  TcpOptions options;
  SocketAddress local;
  int family = AF_INET;
  if (!TcpPort::parse_options(p.vm(), a[1], options, &local, &family)) return p.badarg();
  if (local.length == 0) local = any_address(family, 0);
  if (family != local.family()) return error_tuple(p, atoms::einval);
  if (local.family() == AF_UNIX) {
    if (a[0].small_value() != 0) return error_tuple(p, atoms::einval);
  } else {
    set_port(local, static_cast<int>(a[0].small_value()));
  }
  return TcpPort::listen(p, local, options);
}

// girder_inet:tcp_connect(IP, Port, Options): the IP tuple is resolved
// already (inet:getaddr in gen_tcp.erl).
Term bif_tcp_connect(Process& p, const Term* a) {
  SocketAddress remote;
  if (!socket_address_from(a[0], a[1], remote)) return p.badarg();
  TcpOptions options;
  SocketAddress local;
  int family = remote.family();
  if (!TcpPort::parse_options(p.vm(), a[2], options, &local, &family)) return p.badarg();
  if (local.length == 0 && options.local_port > 0) local = any_address(remote.family(), 0);
  if (local.length != 0) {
    if (local.family() != remote.family()) return error_tuple(p, atoms::einval);
    if (options.local_port >= 0) set_port(local, options.local_port);
  }
  return TcpPort::connect(p, remote, local.length != 0 ? &local : nullptr, options);
}

Term bif_tcp_accept(Process& p, const Term* a) {
  auto port = tcp_port(p, a[0]);
  if (port == nullptr) return a[0].is_port() ? error_tuple(p, atoms::closed) : p.badarg();
  return port->accept(p);
}

Term bif_recv(Process& p, const Term* a) {
  if (!a[1].is_small() || a[1].small_value() < 0) return p.badarg();
  auto port = tcp_port(p, a[0]);
  if (port == nullptr) return a[0].is_port() ? error_tuple(p, atoms::closed) : p.badarg();
  return port->recv(p, static_cast<std::size_t>(a[1].small_value()));
}

Term bif_send(Process& p, const Term* a) {
  auto port = tcp_port(p, a[0]);
  if (port == nullptr) return a[0].is_port() ? error_tuple(p, atoms::closed) : p.badarg();
  std::string bytes;
  if (a[1].is_bitstring()) {
    BitView v = bit_view(a[1]);
    if (!v.byte_aligned()) return p.badarg();
    if (v.bit_offset == 0) return port->send(p, std::string_view(reinterpret_cast<const char*>(v.data), v.byte_size()));
  }
  if (!iodata_bytes(a[1], bytes)) return p.badarg();
  p.charge(bytes.size() / 64);
  return port->send(p, bytes);
}

Term bif_cancel(Process& p, const Term* a) {
  if (!a[1].is_ref()) return p.badarg();
  if (!a[0].is_port()) return kFalse;
  RefId ref{a[1].box_ptr()[1], a[1].box_ptr()[2]};
  return on_socket(p, a[0], [] { return kFalse; }, [&](auto& s) { return make_bool(s.cancel(ref)); });
}

Term bif_close(Process& p, const Term* a) {
  auto port = p.vm().io().find(a[0]);
  if (port == nullptr) return a[0].is_port() ? atoms::ok : p.badarg();
  if (p.has_relations()) std::erase(p.relations().port_links, a[0].port_index());
  if (port->kind() == Port::Kind::TcpSocket) return std::static_pointer_cast<TcpPort>(port)->close_and_wait(p);
  port->close();
  return atoms::ok;
}

Term bif_shutdown(Process& p, const Term* a) {
  auto port = tcp_port(p, a[0]);
  if (port == nullptr) return a[0].is_port() ? error_tuple(p, atoms::closed) : p.badarg();
  Term how = a[1];
  if (how == atoms::read) return port->shutdown(p, true, false);
  if (how == atoms::write) return port->shutdown(p, false, true);
  if (how == atoms::read_write) return port->shutdown(p, true, true);
  return p.badarg();
}

Term bif_controlling_process(Process& p, const Term* a) {
  if (!a[1].is_pid()) return p.badarg();
  return on_socket(
      p, a[0], [&] { return error_tuple(p, atoms::closed); },
      [&](auto& s) { return s.controlling_process(p, a[1].pid_index()); });
}

Term bif_setopts(Process& p, const Term* a) {
  return on_socket(p, a[0], [&] { return error_tuple(p, atoms::einval); },
                   [&](auto& s) { return list_length(a[1]) < 0 ? p.badarg() : s.setopts(p, a[1]); });
}

Term bif_getopts(Process& p, const Term* a) {
  return on_socket(p, a[0], [&] { return error_tuple(p, atoms::einval); },
                   [&](auto& s) { return list_length(a[1]) < 0 ? p.badarg() : s.getopts(p, a[1]); });
}

Term bif_peername(Process& p, const Term* a) {
  return on_socket(
      p, a[0], [&] { return error_tuple(p, atoms::einval); }, [&](auto& s) { return s.address(p, true); });
}

Term bif_sockname(Process& p, const Term* a) {
  return on_socket(
      p, a[0], [&] { return error_tuple(p, atoms::einval); }, [&](auto& s) { return s.address(p, false); });
}

// girder_inet:getaddrs(Name, Family): a name lookup on libuv's thread
// pool (getaddrinfo blocks). Returns a reference; the answer comes as
// {inet_reply, Ref, {ok, [IP]} | {error, nxdomain}}.
Term bif_getaddrs(Process& p, const Term* a) {
  std::string name;
  if (!string_from_chars(a[0], name) || name.empty() || name.find('\0') != std::string::npos) return p.badarg();
  int family;
  if (a[1] == atoms::inet) {
    family = AF_INET;
  } else if (a[1] == atoms::inet6) {
    family = AF_INET6;
  } else {
    return p.badarg();
  }
  VM& vm = p.vm();
  IoService& io = vm.io();
  RefId ref{vm.next_ref_id(), 0};
  Word pid = p.id();
  io.begin_request();
  io.post([&io, name, family, ref, pid](uv_loop_t* loop) {
    struct Lookup {
      uv_getaddrinfo_t req;
      IoService* io;
      RefId ref;
      Word pid;
      int family;
    };
    auto* lookup = new Lookup{{}, &io, ref, pid, family};
    addrinfo hints{};
    hints.ai_family = family;
    hints.ai_socktype = SOCK_STREAM;
    lookup->req.data = lookup;
    int rc = uv_getaddrinfo(
        loop, &lookup->req,
        [](uv_getaddrinfo_t* req, int status, addrinfo* res) {
          auto* l = static_cast<Lookup*>(req->data);
          std::vector<std::array<std::uint16_t, 8>> found;
          std::size_t width = l->family == AF_INET ? 4 : 8;
          for (addrinfo* ai = status == 0 ? res : nullptr; ai != nullptr; ai = ai->ai_next) {
            if (ai->ai_family != l->family) continue;
            std::array<std::uint16_t, 8> ip{};
            if (l->family == AF_INET) {
              std::uint32_t v = ntohl(reinterpret_cast<sockaddr_in*>(ai->ai_addr)->sin_addr.s_addr);
              for (int i = 0; i < 4; ++i) ip[i] = static_cast<std::uint16_t>((v >> (24 - 8 * i)) & 255);
            } else {
              const auto* b = reinterpret_cast<sockaddr_in6*>(ai->ai_addr)->sin6_addr.s6_addr;
              for (int i = 0; i < 8; ++i) ip[i] = static_cast<std::uint16_t>((b[2 * i] << 8) | b[2 * i + 1]);
            }
            if (std::find(found.begin(), found.end(), ip) == found.end()) found.push_back(ip);
          }
          if (res != nullptr) uv_freeaddrinfo(res);
          Word words = msg::ref_words() + msg::tuple_words(3) + msg::tuple_words(2) +
                       found.size() * (2 + msg::tuple_words(width));
          Signal* s = msg::new_message(kNil, words);
          Word* hp = s->payload();
          Term r = msg::write_ref(hp, l->ref);
          Term result;
          if (found.empty()) {
            result = msg::write_tuple(hp, {atoms::error, l->io->vm().atoms().intern("nxdomain")});
          } else {
            Term list = kNil;
            for (std::size_t i = found.size(); i-- > 0;) {
              Word* obj = hp;
              hp += 1 + width;
              obj[0] = make_header(BoxKind::Tuple, width);
              for (std::size_t k = 0; k < width; ++k) obj[1 + k] = Term::small(found[i][k]).raw();
              Word* cell = hp;
              hp += 2;
              cell[0] = Term::boxed(obj).raw();
              cell[1] = list.raw();
              list = Term::list(cell);
            }
            result = msg::write_tuple(hp, {atoms::ok, list});
          }
          s->message = msg::write_tuple(hp, {atoms::inet_reply, r, result});
          s->size = static_cast<std::uint32_t>(hp - s->payload());
          l->io->deliver(l->pid, s);
          l->io->end_request();
          delete l;
        },
        name.c_str(), nullptr, &hints);
    if (rc != 0) {
      // Could not even start: answer at once.
      Signal* s = msg::new_message(kNil, msg::ref_words() + msg::tuple_words(3) + msg::tuple_words(2));
      Word* hp = s->payload();
      Term r = msg::write_ref(hp, ref);
      Term result = msg::write_tuple(hp, {atoms::error, io.vm().atoms().intern("nxdomain")});
      s->message = msg::write_tuple(hp, {atoms::inet_reply, r, result});
      io.deliver(pid, s);
      io.end_request();
      delete lookup;
    }
  });
  Word* obj = p.alloc(kRefObjectWords);
  obj[0] = make_header(BoxKind::Ref, kRefWords);
  obj[1] = ref.w0;
  obj[2] = ref.w1;
  return Term::boxed(obj);
}

// girder_inet:peercred(S): the peer's {OsPid, Uid, Gid} on a local socket.
Term bif_peercred(Process& p, const Term* a) {
  auto port = tcp_port(p, a[0]);
  if (port == nullptr) return a[0].is_port() ? error_tuple(p, atoms::einval) : p.badarg();
  return port->peer_credentials(p);
}

constexpr BifSpec kInetBifs[] = {
    {"girder_inet", "tcp_listen", 2, bif_tcp_listen, false},
    {"girder_inet", "tcp_connect", 3, bif_tcp_connect, false},
    {"girder_inet", "tcp_accept", 1, bif_tcp_accept, false},
    {"girder_inet", "recv", 2, bif_recv, false},
    {"girder_inet", "send", 2, bif_send, false},
    {"girder_inet", "cancel", 2, bif_cancel, false},
    {"girder_inet", "close", 1, bif_close, false},
    {"girder_inet", "shutdown", 2, bif_shutdown, false},
    {"girder_inet", "controlling_process", 2, bif_controlling_process, false},
    {"girder_inet", "setopts", 2, bif_setopts, false},
    {"girder_inet", "getopts", 2, bif_getopts, false},
    {"girder_inet", "peername", 1, bif_peername, false},
    {"girder_inet", "sockname", 1, bif_sockname, false},
    {"girder_inet", "getaddrs", 2, bif_getaddrs, false},
    {"girder_inet", "peercred", 1, bif_peercred, false},
};

}  // namespace

std::span<const BifSpec> bifs_inet() { return kInetBifs; }

}  // namespace girder::vm
