// Ports from Erlang: open_port/2 for OS processes (vm/io/exec.h does the
// work), port_command/2,3, port_connect/2, port_close/1, and the BIFs every
// kind of port answers (erlang:ports/0, port_info/1,2).
//
// Errors follow OTP 25: a closed port or a bad argument raises badarg
// (port_info answers undefined for a closed port); a program that cannot
// be started raises its errno (enoent, eacces).
#include <algorithm>
#include <string>
#include <vector>

#include "vm/bif/bif.h"
#include "vm/bif/os.h"
#include "vm/exec/code.h"
#include "vm/io/exec.h"
#include "vm/io/io.h"
#include "vm/term/build.h"
#include "vm/vm.h"

namespace girder::vm {

namespace {

// A name or path as open_port takes it: a string, a binary or an atom.
bool text_arg(Process& p, Term t, std::string& out) {
  out.clear();
  if (t.is_atom()) {
    out = p.vm().atoms().name(t);
    return true;
  }
  if (t.is_bitstring()) return iodata_bytes(t, out);
  return string_from_chars(t, out);
}

// {env, [{Name, Value | false}]}: the VM's environment with these changes.
bool apply_env(Process& p, Term list, std::vector<std::string>& env) {
  for (Term l = list; !l.is_nil(); l = l.tail()) {
    if (!l.is_list()) return false;
    Term pair = l.head();
    std::string name, value;
    if (!pair.is_tuple() || pair.tuple_arity() != 2 || !text_arg(p, pair.element(0), name) || name.empty() ||
        name.find('=') != std::string::npos || name.find('\0') != std::string::npos) {
      return false;
    }
    Term v = pair.element(1);
    bool remove = v == kFalse;
    if (!remove && (v.is_atom() || !text_arg(p, v, value) || value.find('\0') != std::string::npos)) return false;
    std::string prefix = name + "=";
    std::erase_if(env, [&](const std::string& e) { return e.starts_with(prefix); });
    if (!remove) env.push_back(prefix + value);
  }
  return true;
}

// erlang:open_port({spawn, Command} | {spawn_executable, File}, Options)
Term bif_open_port(Process& p, const Term* a) {
  Term name = a[0];
  if (!name.is_tuple() || name.tuple_arity() != 2) return p.badarg();
  bool executable = name.element(0) == atoms::spawn_executable;
  if (!executable && name.element(0) != atoms::spawn) return p.badarg();
  std::string target;
  if (!text_arg(p, name.element(1), target) || target.empty() || target.find('\0') != std::string::npos) {
    return p.badarg();
  }
  ExecOptions o;
  ExecCommand c;
  std::vector<std::string> args;
  std::string arg0;
  bool arg0_given = false;
  for (Term l = a[1]; !l.is_nil(); l = l.tail()) {
    if (!l.is_list()) return p.badarg();
    Term opt = l.head();
    if (opt == atoms::stream) {
      o.packet_bytes = 0;  // `stream` undoes {packet, N} only: {line, N} stays
    } else if (opt == atoms::binary) {
      o.binary = true;
    } else if (opt == atoms::exit_status) {
      o.exit_status = true;
    } else if (opt == atoms::eof) {
      o.eof = true;
    } else if (opt == atoms::use_stdio || opt == atoms::nouse_stdio) {
      o.use_stdio = opt == atoms::use_stdio;
    } else if (opt == atoms::stderr_to_stdout) {
      o.stderr_to_stdout = true;
    } else if (opt == atoms::in) {
      o.in = true;
      o.out = false;
    } else if (opt == atoms::out) {
      o.in = false;
      o.out = true;
    } else if (opt == atoms::hide || opt == atoms::overlapped_io) {
      // Windows-only in OTP: accepted, no effect.
    } else if (opt.is_tuple() && opt.tuple_arity() == 2) {
      Term k = opt.element(0), v = opt.element(1);
      if (k == atoms::packet) {
        if (v != Term::small(1) && v != Term::small(2) && v != Term::small(4)) return p.badarg();
        o.packet_bytes = static_cast<std::size_t>(v.small_value());
      } else if (k == atoms::line) {
        if (!v.is_small() || v.small_value() <= 0) return p.badarg();
        o.line_length = static_cast<std::size_t>(v.small_value());
      } else if (k == atoms::cd) {
        if (!text_arg(p, v, c.cd) || c.cd.find('\0') != std::string::npos) return p.badarg();
      } else if (k == atoms::env) {
        if (!c.env_given) c.env = os_environment();
        c.env_given = true;
        if (!apply_env(p, v, c.env)) return p.badarg();
      } else if (k == atoms::args && executable) {
        args.clear();
        for (Term al = v; !al.is_nil(); al = al.tail()) {
          std::string arg;
          if (!al.is_list() || !text_arg(p, al.head(), arg) || arg.find('\0') != std::string::npos) return p.badarg();
          args.push_back(std::move(arg));
        }
      } else if (k == atoms::arg0 && executable) {
        if (!text_arg(p, v, arg0) || arg0.find('\0') != std::string::npos) return p.badarg();
        arg0_given = true;
      } else if (k == atoms::parallelism || k == atoms::busy_limits_port || k == atoms::busy_limits_msgq) {
        // Scheduling hints: accepted, no effect.
      } else {
        return p.badarg();
      }
    } else {
      return p.badarg();
    }
  }
  // Lines are a way of reading a stream: not of packets (OTP refuses both).
  if (o.packet_bytes != 0 && o.line_length != 0) return p.badarg();
  o.framing = o.packet_bytes != 0  ? ExecOptions::Framing::Packet
              : o.line_length != 0 ? ExecOptions::Framing::Line
                                   : ExecOptions::Framing::Stream;
  c.name = target;
  if (executable) {
    // No PATH search (OTP): a bare name is a file in the working directory.
    c.file = target.find('/') == std::string::npos ? "./" + target : target;
    c.argv.push_back(arg0_given ? arg0 : target);
    for (std::string& arg : args) c.argv.push_back(std::move(arg));
  } else {
    // As OTP: the shell runs the command in its own place (exec), so the
    // port's exit status is the command's.
    c.file = "/bin/sh";
    c.argv = {"sh", "-c", "exec " + target};
  }
  return ExecPort::open(p, c, o);
}

std::shared_ptr<ExecPort> exec_port(Process& p, Term t) {
  auto port = p.vm().io().find(t);
  if (port == nullptr || port->kind() != Port::Kind::Exec) return nullptr;
  return std::static_pointer_cast<ExecPort>(port);
}

// A caller of a busy port (ExecPort::command) waits in
// girder_bif:port_command_wait/3 for {port_ready, Port}, then calls again.
Term port_command(Process& p, Term port_term, Term data, Term options) {
  bool force = false, nosuspend = false;
  for (Term l = options; !l.is_nil(); l = l.tail()) {
    if (!l.is_list() || (l.head() != atoms::force && l.head() != atoms::nosuspend)) return p.badarg();
    force = force || l.head() == atoms::force;
    nosuspend = nosuspend || l.head() == atoms::nosuspend;
  }
  if (!port_term.is_port()) return p.badarg();
  std::string bytes;
  if (!iodata_bytes(data, bytes)) return p.badarg();
  auto port = exec_port(p, port_term);
  if (port == nullptr) return p.badarg();
  // OTP's spawn driver refuses `force` (it cannot write past a busy port).
  if (force) return p.fail(atoms::error, atoms::notsup);
  p.charge(bytes.size() / 64);
  switch (port->command(bytes, nosuspend, p.id())) {
    case ExecPort::CommandResult::Closed:
      return p.badarg();
    case ExecPort::CommandResult::Busy:
      if (nosuspend) return kFalse;
      return p.trap(p.vm().code().export_entry(p.vm().atoms().intern("girder_bif"),
                                               p.vm().atoms().intern("port_command_wait"), 3),
                    {port_term, data, options});
    case ExecPort::CommandResult::Taken:
      break;
  }
  return kTrue;
}

Term bif_port_command2(Process& p, const Term* a) { return port_command(p, a[0], a[1], kNil); }
Term bif_port_command3(Process& p, const Term* a) { return port_command(p, a[0], a[1], a[2]); }

Term bif_port_connect(Process& p, const Term* a) {
  if (!a[0].is_port() || !a[1].is_pid()) return p.badarg();
  auto port = exec_port(p, a[0]);
  if (port == nullptr || !port->connect(p, a[1].pid_index())) return p.badarg();
  return kTrue;
}

Term bif_port_close(Process& p, const Term* a) {
  if (!a[0].is_port()) return p.badarg();
  auto port = p.vm().io().find(a[0]);
  if (port == nullptr) return p.badarg();
  // An OS-process port tells its links it closed ({'EXIT', P, normal},
  // the caller included, as OTP); a socket is unlinked quietly.
  if (port->kind() != Port::Kind::Exec && p.has_relations()) {
    std::erase(p.relations().port_links, a[0].port_index());
  }
  port->close();
  return kTrue;
}

Term bif_ports(Process& p, const Term*) {
  std::vector<Term> out;
  for (Word index : p.vm().io().ports().indexes()) out.push_back(Term::port(index));
  return make_list(p, out);
}

Term pid_list(Process& p, const std::vector<Word>& pids) {
  std::vector<Term> terms;
  for (Word pid : pids) terms.push_back(Term::pid(pid));
  return make_list(p, terms);
}

Term port_info_item(Process& p, Port& port, Term item) {
  Term value;
  std::lock_guard lock(port.mutex());
  if (item == atoms::connected) {
    value = Term::pid(port.owner());
  } else if (item == atoms::links) {
    value = pid_list(p, port.linked_pids());
  } else if (item == atoms::id) {
    value = Term::small(static_cast<SWord>(port.index()));
  } else if (item == atoms::name) {
    value = make_string(p, port.name());
  } else if (item == atoms::input) {
    value = make_integer_u64(p, port.bytes_in);
  } else if (item == atoms::output) {
    value = make_integer_u64(p, port.bytes_out);
  } else if (item == atoms::os_pid) {
    value = port.os_pid() != 0 ? make_integer(p, port.os_pid()) : atoms::undefined;
  } else if (item == atoms::registered_name) {
    return kNil;  // ports are never registered here (OTP answers [] then)
  } else if (item == atoms::monitors || item == atoms::monitored_by) {
    value = kNil;
  } else if (item == atoms::queue_size) {
    value = Term::small(0);
  } else if (item == atoms::parallelism) {
    value = kFalse;
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

constexpr BifSpec kPortBifs[] = {
    {"erlang", "open_port", 2, bif_open_port, false},
    {"erlang", "port_command", 2, bif_port_command2, false, kMayTrap},
    {"erlang", "port_command", 3, bif_port_command3, false, kMayTrap},
    {"erlang", "port_connect", 2, bif_port_connect, false},
    {"erlang", "port_close", 1, bif_port_close, false},
    {"erlang", "ports", 0, bif_ports, false},
    {"erlang", "port_info", 1, bif_port_info1, false},
    {"erlang", "port_info", 2, bif_port_info2, false},
};

}  // namespace

std::span<const BifSpec> bifs_port() { return kPortBifs; }

}  // namespace girder::vm
