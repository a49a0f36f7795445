// Sockets and ports from Erlang: the girder_inet module that gen_tcp.erl
// and inet.erl call (vm/io/tcp.h does the work), and the generic port BIFs
// (erlang:ports/0, port_info/1,2, port_close/1).
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
  auto port = tcp_port(p, a[0]);
  if (port == nullptr) return kFalse;
  return make_bool(port->cancel(RefId{a[1].box_ptr()[1], a[1].box_ptr()[2]}));
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
  auto port = p.vm().io().find(a[0]);
  if (port == nullptr) return a[0].is_port() ? error_tuple(p, atoms::closed) : p.badarg();
  if (port->kind() != Port::Kind::TcpSocket) return p.badarg();
  return std::static_pointer_cast<TcpPort>(port)->controlling_process(p, a[1].pid_index());
}

Term bif_setopts(Process& p, const Term* a) {
  auto port = tcp_port(p, a[0]);
  if (port == nullptr) return a[0].is_port() ? error_tuple(p, atoms::einval) : p.badarg();
  if (list_length(a[1]) < 0) return p.badarg();
  return port->setopts(p, a[1]);
}

Term bif_getopts(Process& p, const Term* a) {
  auto port = tcp_port(p, a[0]);
  if (port == nullptr) return a[0].is_port() ? error_tuple(p, atoms::einval) : p.badarg();
  if (list_length(a[1]) < 0) return p.badarg();
  return port->getopts(p, a[1]);
}

Term bif_peername(Process& p, const Term* a) {
  auto port = tcp_port(p, a[0]);
  if (port == nullptr) return a[0].is_port() ? error_tuple(p, atoms::einval) : p.badarg();
  return port->address(p, true);
}

Term bif_sockname(Process& p, const Term* a) {
  auto port = tcp_port(p, a[0]);
  if (port == nullptr) return a[0].is_port() ? error_tuple(p, atoms::einval) : p.badarg();
  return port->address(p, false);
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

// --- generic port BIFs -------------------------------------------------------

Term bif_ports(Process& p, const Term*) {
  std::vector<Term> out;
  for (Word index : p.vm().io().ports().indexes()) out.push_back(Term::port(index));
  return make_list(p, out);
}

Term port_info_item(Process& p, Port& port, Term item) {
  Term value;
  std::lock_guard lock(port.mutex());
  if (item == atoms::connected) {
    value = Term::pid(port.owner());
  } else if (item == atoms::links) {
    value = port.owner() != 0 ? make_list(p, std::vector<Term>{Term::pid(port.owner())}) : kNil;
  } else if (item == atoms::id) {
    value = Term::small(static_cast<SWord>(port.index()));
  } else if (item == atoms::name) {
    value = make_string(p, port.name());
  } else if (item == atoms::input) {
    value = make_integer_u64(p, port.bytes_in);
  } else if (item == atoms::output) {
    value = make_integer_u64(p, port.bytes_out);
  } else if (item == atoms::os_pid) {
    value = atoms::undefined;
  } else {
    return kNonValue;
  }
  return make_tuple(p, {item, value});
}

Term bif_port_info2(Process& p, const Term* a) {
  if (!a[0].is_port() || !a[1].is_atom()) return p.badarg();
  auto port = p.vm().io().find(a[0]);
  if (port == nullptr) return atoms::undefined;
  Term r = port_info_item(p, *port, a[1]);
  return r.is_value() ? r : p.badarg();
}

Term bif_port_info1(Process& p, const Term* a) {
  if (!a[0].is_port()) return p.badarg();
  auto port = p.vm().io().find(a[0]);
  if (port == nullptr) return atoms::undefined;
  std::vector<Term> items;
  for (Term k : {atoms::name, atoms::links, atoms::id, atoms::connected, atoms::input, atoms::output, atoms::os_pid}) {
    items.push_back(port_info_item(p, *port, k));
  }
  return make_list(p, items);
}

Term bif_port_close(Process& p, const Term* a) {
  if (!a[0].is_port()) return p.badarg();
  auto port = p.vm().io().find(a[0]);
  if (port == nullptr) return p.badarg();
  if (p.has_relations()) std::erase(p.relations().port_links, a[0].port_index());
  port->close();
  return kTrue;
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
    {"erlang", "ports", 0, bif_ports, false},
    {"erlang", "port_info", 1, bif_port_info1, false},
    {"erlang", "port_info", 2, bif_port_info2, false},
    {"erlang", "port_close", 1, bif_port_close, false},
};

}  // namespace

std::span<const BifSpec> bifs_inet() { return kInetBifs; }

}  // namespace girder::vm
