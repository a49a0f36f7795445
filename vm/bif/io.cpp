// Formatting and console output BIFs: io_lib:format/fwrite/write/print,
// io:format/fwrite/put_chars/nl/write, girder:put_chars/2, erlang:display/1.
//
// The io functions are BIFs (rather than requests to an io server written in
// Erlang) so that printing costs one call. Devices: user, and standard_io
// while the group leader is the VM's own I/O server, go to vm.write_stdout,
// standard_error to vm.write_stderr; another group leader or a pid device
// gets an I/O protocol request (see device_of). Standard output is a
// unicode device (as tests/conformance/record.sh sets up OTP), so the text
// is written as UTF-8.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "vm/bif/bif.h"
#include "vm/exec/code.h"
#include "vm/proc/process_table.h"
#include "vm/term/build.h"
#include "vm/term/map.h"
#include "vm/term/utf8.h"
#include "vm/text/format.h"
#include "vm/text/etf.h"
#include "vm/text/print.h"
#include "vm/vm.h"

namespace girder::vm {

namespace {

Term chars_to_list(Process& p, const std::u32string& chars) {
  Word* cells = p.alloc(2 * chars.size());
  Term list = kNil;
  for (std::size_t i = chars.size(); i-- > 0;) {
    Word* cell = cells + 2 * i;
    cell[0] = Term::small(static_cast<SWord>(chars[i])).raw();
    cell[1] = list.raw();
    list = Term::list(cell);
  }
  return list;
}

enum class Device { Stdout, Stderr, Server, Bad };

// Where output to `d` goes. standard_io is the caller's group leader, a
// registered name is its process: when that is the VM's own I/O server
// (registered as `user', stdlib/girder_io.erl) or there is none, the text is
// written here at once; any other process is an I/O server spoken to with
// the I/O protocol (Server, its pid in *server), which io:'$forward'/2 does
// after the BIF traps there (so EUnit's output capture, a group leader of
// its own, sees io:format). girder:put_chars/2 is always direct.
Device device_of(Process& p, Term d, Term* server) {
  if (d == atoms::standard_error) return Device::Stderr;
  if (d == atoms::user) return Device::Stdout;
  Term pid = d;
  if (d == atoms::standard_io) {
    pid = p.group_leader();
  } else if (d.is_atom()) {
    Word id = p.vm().processes().whereis(d);
    if (id == 0) return Device::Bad;
    pid = Term::pid(id);
  } else if (!d.is_pid()) {
    return Device::Bad;
  }
  if (!pid.is_pid()) return Device::Stdout;
  Word user = p.vm().processes().whereis(atoms::user);
  if (user == 0 || pid == Term::pid(user)) return Device::Stdout;
  *server = pid;
  return Device::Server;
}

void emit(Process& p, Device d, std::string_view bytes) {
  if (d == Device::Stderr) p.vm().write_stderr(bytes);
  else p.vm().write_stdout(bytes);
}

// Writes `utf8` to `device`: ok, badarg, or a trap to io:'$forward'(Server,
// {put_chars, unicode, Binary}) for an I/O server process.
Term output(Process& p, Term device, std::string_view utf8) {
  Term server = kNil;
  Device d = device_of(p, device, &server);
  if (d == Device::Bad) return p.badarg();
  if (d != Device::Server) {
    emit(p, d, utf8);
    return atoms::ok;
  }
  AtomTable& atoms = p.vm().atoms();
  Term request = make_tuple(p, {atoms.intern("put_chars"), atoms.intern("unicode"), make_binary(p, utf8)});
  return p.trap(p.vm().code().export_entry(atoms.intern("io"), atoms.intern("$forward"), 2), {server, request});
}

// io_lib:format/2 returns a deep list, like OTP's: literal characters and the
// output of the numeric and character directives are elements of the top
// list, each term directive's text is one (flat, where OTP's may nest
// further) sublist. One allocation: a cons cell per character, plus one per
// term directive.
Term bif_io_lib_format(Process& p, const Term* a) {
  std::u32string out;
  std::vector<FormatSegment> segments;
  if (!format_to_chars(p, a[0], a[1], out, nullptr, &segments)) return p.badarg();
  Word* cells = p.alloc(2 * (out.size() + segments.size()));
  Term list = kNil;
  std::size_t pos = out.size();
  for (std::size_t k = segments.size() + 1; k-- > 0;) {
    // Literal characters after segment k-1 (or from the start), back to front.
    std::size_t lit_begin = k == 0 ? 0 : segments[k - 1].end;
    for (; pos > lit_begin; --pos) {
      Word* cell = cells;
      cells += 2;
      cell[0] = Term::small(static_cast<SWord>(out[pos - 1])).raw();
      cell[1] = list.raw();
      list = Term::list(cell);
    }
    if (k == 0) break;
    const FormatSegment& seg = segments[k - 1];
    Term sub = kNil;
    for (std::size_t i = seg.end; i > seg.begin; --i) {
      Word* cell = cells;
      cells += 2;
      cell[0] = Term::small(static_cast<SWord>(out[i - 1])).raw();
      cell[1] = sub.raw();
      sub = Term::list(cell);
    }
    Word* cell = cells;
    cells += 2;
    cell[0] = sub.raw();
    cell[1] = list.raw();
    list = Term::list(cell);
    pos = seg.begin;
  }
  return list;
}

Term io_format(Process& p, Term device, Term format, Term args) {
  Term server = kNil;
  if (device_of(p, device, &server) == Device::Bad) return p.badarg();
  std::u32string out;
  if (!format_to_chars(p, format, args, out, nullptr)) return p.badarg();
  return output(p, device, to_utf8(out));
}

Term bif_io_format1(Process& p, const Term* a) { return io_format(p, atoms::standard_io, a[0], kNil); }
Term bif_io_format2(Process& p, const Term* a) { return io_format(p, atoms::standard_io, a[0], a[1]); }
Term bif_io_format3(Process& p, const Term* a) { return io_format(p, a[0], a[1], a[2]); }

Term put_chars(Process& p, Term device, Term data) {
  std::string bytes;
  if (!chardata_to_utf8(data, bytes)) return p.badarg();
  return output(p, device, bytes);
}

Term bif_put_chars1(Process& p, const Term* a) { return put_chars(p, atoms::standard_io, a[0]); }
Term bif_put_chars2(Process& p, const Term* a) { return put_chars(p, a[0], a[1]); }

// girder:put_chars/2, what the VM's own I/O server writes with: standard_io
// and user are the console, whatever the caller's group leader.
Term bif_girder_put_chars(Process& p, const Term* a) {
  std::string bytes;
  if (!chardata_to_utf8(a[1], bytes)) return p.badarg();
  if (a[0] == atoms::standard_error) p.vm().write_stderr(bytes);
  else if (a[0] == atoms::standard_io || a[0] == atoms::user) p.vm().write_stdout(bytes);
  else return p.badarg();
  return atoms::ok;
}

Term bif_nl0(Process& p, const Term*) { return output(p, atoms::standard_io, "\n"); }
Term bif_nl1(Process& p, const Term* a) { return output(p, a[0], "\n"); }

Term io_write(Process& p, Term device, Term t) {
  Term server = kNil;
  if (device_of(p, device, &server) == Device::Bad) return p.badarg();
  return output(p, device, write_term(p.vm(), t, -1, false));
}
Term bif_io_write1(Process& p, const Term* a) { return io_write(p, atoms::standard_io, a[0]); }
Term bif_io_write2(Process& p, const Term* a) { return io_write(p, a[0], a[1]); }

Term bif_io_lib_write1(Process& p, const Term* a) {
  std::u32string out;
  write_term_chars(p.vm(), a[0], -1, false, out);
  return chars_to_list(p, out);
}
Term bif_io_lib_write2(Process& p, const Term* a) {
  if (!a[1].is_small()) return p.badarg();
  std::u32string out;
  write_term_chars(p.vm(), a[0], static_cast<int>(a[1].small_value()), false, out);
  return chars_to_list(p, out);
}
Term bif_io_lib_print1(Process& p, const Term* a) {
  std::u32string out;
  print_term_chars(p.vm(), a[0], 1, 80, -1, false, true, out);
  return chars_to_list(p, out);
}

// ---- erlang:display/1 --------------------------------------------------------
// The emulator's own printer: like ~w, but strings of printable characters
// are shown as "...", maps without spaces around =>, floats as %e, and
// latin-1 characters as raw bytes. Recurses on nesting only (it is a
// debugging aid; lists are walked in a loop).

bool display_string(Term t) {
  for (; t.is_list(); t = t.tail()) {
    Term c = t.head();
    if (!c.is_small()) return false;
    SWord v = c.small_value();
    if (!((v >= 32 && v <= 126) || (v >= 160 && v <= 255) || (v >= 8 && v <= 13) || v == 27)) return false;
  }
  return t.is_nil();
}

bool display_bytes_printable(const BitView& v) {
  for (Word i = 0; i < v.byte_size(); ++i)
    if (v.data[i] < 32 || v.data[i] > 126) return false;
  return true;
}

void display(const VM& vm, Term t, std::string& out) {
  if (t.is_float()) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%e", t.float_value());
    out += buf;
  } else if (t.is_list() && display_string(t)) {
    out.push_back('"');
    for (; t.is_list(); t = t.tail()) {
      auto c = static_cast<unsigned char>(t.head().small_value());
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        case '\r': out += "\\r"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\v': out += "\\v"; break;
        case 27: out += "\\e"; break;
        default: out.push_back(static_cast<char>(c));
      }
    }
    out.push_back('"');
  } else if (t.is_list()) {
    out.push_back('[');
    bool first = true;
    for (; t.is_list(); t = t.tail()) {
      if (!first) out.push_back(',');
      first = false;
      display(vm, t.head(), out);
    }
    if (!t.is_nil()) {
      out.push_back('|');
      display(vm, t, out);
    }
    out.push_back(']');
  } else if (t.is_tuple()) {
    out.push_back('{');
    for (Word i = 0; i < t.tuple_arity(); ++i) {
      if (i) out.push_back(',');
      display(vm, t.element(i), out);
    }
    out.push_back('}');
  } else if (t.is_map()) {
    std::vector<std::pair<Term, Term>> pairs;
    map_to_sorted_pairs(vm, t, pairs);
    out += "#{";
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      if (i) out.push_back(',');
      display(vm, pairs[i].first, out);
      out += "=>";
      display(vm, pairs[i].second, out);
    }
    out.push_back('}');
  } else if (t.is_bitstring() && bit_view(t).byte_aligned() && bit_view(t).bit_size > 0 &&
             display_bytes_printable(bit_view(t))) {
    // Binaries of printable ASCII show as <<"...">> (not "\n" and friends).
    BitView v = bit_view(t);
    out += "<<\"";
    for (Word i = 0; i < v.byte_size(); ++i) {
      char c = static_cast<char>(v.data[i]);
      if (c == '"' || c == '\\') out.push_back('\\');
      out.push_back(c);
    }
    out += "\">>";
  } else if (t.is_atom()) {
    // Quoted like ~w, but latin-1 characters as raw bytes (latin-1 text).
    std::u32string chars;
    format_atom_chars(vm, t, true, chars);
    for (char32_t c : chars) {
      if (c < 256) out.push_back(static_cast<char>(c));
      else utf8::append(out, c);
    }
  } else {
    out += write_term(vm, t, -1, true);
  }
}

Term bif_display(Process& p, const Term* a) {
  std::string out;
  display(p.vm(), a[0], out);
  // OTP 25 ends the line with "\r\n" even when stdout is not a terminal.
  out += "\r\n";
  p.vm().write_stdout(out);
  return kTrue;
}

// ---- girder:parse_term/2 -----------------------------------------------------
// girder:parse_term(Text, Line) -> {ok, Term} | eof | {error, {L, erl_parse |
// erl_scan, Descriptor}}: one term's text (io:read, file:consult; the text
// girder_read:collect/3 cut out), read by the compiler's scanner and parser
// through CodeServer::term_reader. Error descriptors are OTP's.

Term scan_error_term(Process& p, const std::string& text, const std::string& unterminated) {
  AtomTable& atoms = p.vm().atoms();
  auto starts = [&](std::string_view prefix) { return text.starts_with(prefix); };
  if (starts("unterminated string") || starts("unterminated atom")) {
    char quote = starts("unterminated string") ? '"' : '\'';
    return make_tuple(p, {atoms.intern("string"), Term::small(quote), make_string(p, unterminated)});
  }
  if (text == "unterminated character") return atoms.intern("char");
  if (starts("illegal base '")) {
    std::string digits = text.substr(14, text.size() > 15 ? text.size() - 15 : 0);
    return make_tuple(p, {atoms.intern("base"), Term::small(std::atoll(digits.c_str()))});
  }
  if (starts("illegal ")) return make_tuple(p, {atoms.intern("illegal"), atoms.intern(text.substr(8))});
  if (text == "atom too long") return make_tuple(p, {atoms.intern("illegal"), atoms.intern("atom")});
  return make_string(p, text);
}

Term bif_parse_term(Process& p, const Term* a) {
  std::string text;
  if (!chardata_to_utf8(a[0], text) || !a[1].is_small() || a[1].small_value() < 0) return p.badarg();
  const TermReader& reader = p.vm().code().term_reader();
  if (!reader) return p.badarg();
  p.charge(text.size() / 16);
  TermReadResult r = reader(text, static_cast<std::uint32_t>(a[1].small_value()));
  AtomTable& atoms = p.vm().atoms();
  switch (r.status) {
    case TermReadResult::Status::Eof: return atoms::eof;
    case TermReadResult::Status::Ok: {
      ProcessAllocator alloc(p);
      Term t = etf_decode(r.etf, alloc, p.vm());
      if (!t.is_value()) return p.badarg();
      return make_tuple(p, {atoms::ok, t});
    }
    case TermReadResult::Status::Error: break;
  }
  Term module, descriptor;
  if (r.scan_error) {
    module = atoms.intern("erl_scan");
    descriptor = scan_error_term(p, r.text, r.token);
  } else {
    module = atoms.intern("erl_parse");
    descriptor = r.syntax_before ? make_list(p, std::vector<Term>{make_string(p, "syntax error before: "),
                                                                   make_string(p, r.token)})
                                 : make_string(p, r.text);
  }
  return make_tuple(p, {atoms::error, make_tuple(p, {Term::small(r.line), module, descriptor})});
}

constexpr BifSpec kIoBifs[] = {
    {"io_lib", "format", 2, bif_io_lib_format, false},
    {"io_lib", "fwrite", 2, bif_io_lib_format, false},
    {"io_lib", "write", 1, bif_io_lib_write1, false},
    {"io_lib", "write", 2, bif_io_lib_write2, false},
    {"io_lib", "print", 1, bif_io_lib_print1, false},
    {"io", "format", 1, bif_io_format1, false, kMayTrap},
    {"io", "format", 2, bif_io_format2, false, kMayTrap},
    {"io", "format", 3, bif_io_format3, false, kMayTrap},
    {"io", "fwrite", 1, bif_io_format1, false, kMayTrap},
    {"io", "fwrite", 2, bif_io_format2, false, kMayTrap},
    {"io", "fwrite", 3, bif_io_format3, false, kMayTrap},
    {"io", "put_chars", 1, bif_put_chars1, false, kMayTrap},
    {"io", "put_chars", 2, bif_put_chars2, false, kMayTrap},
    {"io", "nl", 0, bif_nl0, false, kMayTrap},
    {"io", "nl", 1, bif_nl1, false, kMayTrap},
    {"io", "write", 1, bif_io_write1, false, kMayTrap},
    {"io", "write", 2, bif_io_write2, false, kMayTrap},
    {"girder", "put_chars", 2, bif_girder_put_chars, false},
    {"girder", "parse_term", 2, bif_parse_term, false},
    {"erlang", "display", 1, bif_display, false},
};

}  // namespace

std::span<const BifSpec> bifs_io() { return kIoBifs; }

}  // namespace girder::vm
