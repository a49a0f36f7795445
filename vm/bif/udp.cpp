// UDP sockets from Erlang: the girder_inet functions gen_udp.erl calls
// (vm/io/udp.h does the work). The operations UDP shares with TCP
// (close, cancel, setopts, getopts, sockname, peername,
// controlling_process) are girder_inet's generic BIFs in bif/inet.cpp,
// which dispatch on the kind of socket.
//
// Host names are resolved in gen_udp.erl (inet:getaddr) before they get
// here: these BIFs take IP tuples only. Like the TCP ones, an operation
// that cannot finish at once returns a reference and its result comes as
// {inet_reply, Ref, Result}.
#include <netinet/in.h>

#include <string>
#include <vector>

#include "vm/bif/bif.h"
#include "vm/io/io.h"
#include "vm/io/terms.h"
#include "vm/io/udp.h"
#include "vm/term/build.h"
#include "vm/vm.h"

namespace girder::vm {

namespace {

// The UDP port a term names; nullptr if it is not one or is gone.
std::shared_ptr<UdpPort> udp_port(Process& p, Term t) {
  auto port = p.vm().io().find(t);
  if (port == nullptr || port->kind() != Port::Kind::UdpSocket) return nullptr;
  return std::static_pointer_cast<UdpPort>(port);
}

void set_port_number(SocketAddress& a, int port) {
  auto n = htons(static_cast<std::uint16_t>(port));
  if (a.family() == AF_INET6) {
    reinterpret_cast<sockaddr_in6*>(&a.storage)->sin6_port = n;
  } else {
    reinterpret_cast<sockaddr_in*>(&a.storage)->sin_port = n;
  }
}

// The wildcard address of `family`.
SocketAddress wildcard(int family) {
  SocketAddress a;
  if (family == AF_INET6) {
    auto* sin6 = reinterpret_cast<sockaddr_in6*>(&a.storage);
    sin6->sin6_family = AF_INET6;
    sin6->sin6_addr = in6addr_any;
    a.length = sizeof(sockaddr_in6);
  } else {
    auto* sin = reinterpret_cast<sockaddr_in*>(&a.storage);
    sin->sin_family = AF_INET;
    sin->sin_addr.s_addr = htonl(INADDR_ANY);
    a.length = sizeof(sockaddr_in);
  }
  return a;
}

// The bytes of a datagram: a binary as is, else flattened iodata. False
// if `t` is neither.
bool datagram_bytes(Process& p, Term t, std::string& storage, std::string_view& out) {
  if (t.is_bitstring()) {
    BitView v = bit_view(t);
    if (v.byte_aligned()) {
      out = std::string_view(reinterpret_cast<const char*>(v.data), v.byte_size());
      return true;
    }
  }
  if (!iodata_bytes(t, storage)) return false;
  p.charge(storage.size() / 64);
  out = storage;
  return true;
}

// girder_inet:udp_open(Port, Options)
Term bif_udp_open(Process& p, const Term* a) {
  if (!a[0].is_small() || a[0].small_value() < 0 || a[0].small_value() > 65535) return p.badarg();
  UdpOptions options;
  std::vector<UdpMembership> memberships;
  SocketAddress local;
  int family = 0;  // 0: not said (inet, or what {ip, Addr} implies)
  if (!UdpPort::parse_options(a[1], options, memberships, &local, &family)) return p.badarg();
  if (local.length == 0) {
    local = wildcard(family != 0 ? family : AF_INET);
  } else if (family != 0 && family != local.family()) {
    return io::error_tuple(p, atoms::einval);
  }
  set_port_number(local, static_cast<int>(a[0].small_value()));
  return UdpPort::open(p, local, options, memberships);
}

// girder_inet:udp_send(Socket, IP, Port, Data)
Term bif_udp_send4(Process& p, const Term* a) {
  SocketAddress to;
  if (!socket_address_from(a[1], a[2], to)) return p.badarg();
  auto port = udp_port(p, a[0]);
  if (port == nullptr) return a[0].is_port() ? io::error_tuple(p, atoms::closed) : p.badarg();
  std::string storage;
  std::string_view bytes;
  if (!datagram_bytes(p, a[3], storage, bytes)) return io::error_tuple(p, atoms::einval);
  return port->send(p, &to, bytes);
}

// girder_inet:udp_send(Socket, Data): to the connected peer.
Term bif_udp_send2(Process& p, const Term* a) {
  auto port = udp_port(p, a[0]);
  if (port == nullptr) return a[0].is_port() ? io::error_tuple(p, atoms::closed) : p.badarg();
  std::string storage;
  std::string_view bytes;
  if (!datagram_bytes(p, a[1], storage, bytes)) return io::error_tuple(p, atoms::einval);
  return port->send(p, nullptr, bytes);
}

// girder_inet:udp_recv(Socket)
Term bif_udp_recv(Process& p, const Term* a) {
  auto port = udp_port(p, a[0]);
  if (port == nullptr) return a[0].is_port() ? io::error_tuple(p, atoms::closed) : p.badarg();
  return port->recv(p);
}

// girder_inet:udp_connect(Socket, IP, Port)
Term bif_udp_connect(Process& p, const Term* a) {
  SocketAddress to;
  if (!socket_address_from(a[1], a[2], to)) return p.badarg();
  auto port = udp_port(p, a[0]);
  if (port == nullptr) return a[0].is_port() ? io::error_tuple(p, atoms::closed) : p.badarg();
  return port->connect(p, to);
}

// girder_inet:udp_close(Socket): ok, or a reference answered by
// {inet_reply, Ref, ok} once the descriptor is closed.
Term bif_udp_close(Process& p, const Term* a) {
  auto port = p.vm().io().find(a[0]);
  if (port == nullptr) return a[0].is_port() ? atoms::ok : p.badarg();
  if (p.has_relations()) std::erase(p.relations().port_links, a[0].port_index());
  if (port->kind() != Port::Kind::UdpSocket) {
    port->close();  // not a UDP socket after all: closed as inet:close/1 does
    return atoms::ok;
  }
  return std::static_pointer_cast<UdpPort>(port)->close_and_wait(p);
}

constexpr BifSpec kUdpBifs[] = {
    {"girder_inet", "udp_open", 2, bif_udp_open, false},
    {"girder_inet", "udp_send", 4, bif_udp_send4, false},
    {"girder_inet", "udp_send", 2, bif_udp_send2, false},
    {"girder_inet", "udp_recv", 1, bif_udp_recv, false},
    {"girder_inet", "udp_connect", 3, bif_udp_connect, false},
    {"girder_inet", "udp_close", 1, bif_udp_close, false},
};

}  // namespace

std::span<const BifSpec> bifs_udp() { return kUdpBifs; }

}  // namespace girder::vm
