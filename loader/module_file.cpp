// Module file writer and reader. The layout is documented, byte by byte, in
// docs/internals/module-format.md; keep the two in step.
#include "loader/module_file.h"

#include <openssl/evp.h>

#include <cstring>
#include <limits>

#include "loader/etf_check.h"
#include "loader/operands.h"

namespace girder::loader {

namespace {

// Sections in the one order a file holds them.
constexpr char kSectionTags[][5] = {"ATOM", "LITT", "IMPT", "EXPT", "LAMB", "ATTR", "CODE", "FILE", "HASH"};
enum Section { kAtom, kLitt, kImpt, kExpt, kLamb, kAttr, kCode, kFile, kHash, kSectionCount };

constexpr std::uint8_t kBadInstruction = 255;  // see write_module's contract

// ---------------------------------------------------------------- writing --

class Writer {
 public:
  std::vector<std::uint8_t> out;

  void u8(std::uint8_t v) { out.push_back(v); }
  void u32(std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  void u64(std::uint64_t v) {
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  void varint(std::uint64_t v) {
    while (v >= 0x80) {
      out.push_back(static_cast<std::uint8_t>(v | 0x80));
      v >>= 7;
    }
    out.push_back(static_cast<std::uint8_t>(v));
  }
  void zigzag(std::int64_t v) {
    varint((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
  }
  void bytes(const void* p, std::size_t n) {
    const auto* b = static_cast<const std::uint8_t*>(p);
    out.insert(out.end(), b, b + n);
  }
  void blob(std::string_view s) {
    varint(s.size());
    bytes(s.data(), s.size());
  }

  // Section framing: the length is patched in when the section ends.
  std::size_t begin_section(Section s) {
    bytes(kSectionTags[s], 4);
    u32(0);
    return out.size();
  }
  void end_section(std::size_t start) {
    auto len = static_cast<std::uint32_t>(out.size() - start);
    for (int i = 0; i < 4; ++i) out[start - 4 + i] = static_cast<std::uint8_t>(len >> (8 * i));
  }
};

// An operand list the writer can encode faithfully: the right shape and, for
// untagged indexes, no negative values (they would not read back).
bool writable(const AsmInstr& in) {
  std::string ignored;
  return for_each_operand(
      in,
      [&](char letter, std::size_t i) {
        const AsmOperand& o = in.ops[i];
        if (!operand_kind_allowed(letter, o.kind)) return false;
        return o.kind == AsmOperand::Kind::Int || o.value >= 0;
      },
      ignored);
}

void write_instr(Writer& w, const AsmInstr& in) {
  if (!writable(in)) {
    w.u8(kBadInstruction);
    return;
  }
  w.u8(static_cast<std::uint8_t>(in.op));
  std::string ignored;
  for_each_operand(
      in,
      [&](char letter, std::size_t i) {
        const AsmOperand& o = in.ops[i];
        if (kind_is_tagged(letter)) w.u8(static_cast<std::uint8_t>(o.kind));
        if (o.kind == AsmOperand::Kind::Nil) return true;
        if (letter == kCountKind) {
          w.varint(static_cast<std::uint64_t>(o.value));
        } else if (o.kind == AsmOperand::Kind::Int) {
          w.zigzag(o.value);
        } else {
          w.varint(static_cast<std::uint64_t>(o.value));
        }
        return true;
      },
      ignored);
}

// Everything before the HASH section.
Writer write_body(const AsmModule& m) {
  Writer w;
  w.bytes(kModuleMagic, 4);
  w.u32(kModuleFormatVersion);

  std::size_t s = w.begin_section(kAtom);
  w.varint(m.atoms.size());
  for (const std::string& a : m.atoms) w.blob(a);
  w.end_section(s);

  s = w.begin_section(kLitt);
  w.varint(m.literals.size());
  for (const auto& lit : m.literals) {
    w.varint(lit.size());
    w.bytes(lit.data(), lit.size());
  }
  w.end_section(s);

  s = w.begin_section(kImpt);
  w.varint(m.imports.size());
  for (const AsmImport& i : m.imports) {
    w.varint(i.module);
    w.varint(i.function);
    w.varint(i.arity);
  }
  w.end_section(s);

  s = w.begin_section(kExpt);
  w.varint(m.exports.size());
  for (const AsmExport& e : m.exports) {
    w.varint(e.function);
    w.varint(e.arity);
    w.varint(e.label);
  }
  w.end_section(s);

  s = w.begin_section(kLamb);
  w.varint(m.lambdas.size());
  for (const AsmLambda& l : m.lambdas) {
    w.varint(l.function);
    w.varint(l.arity);
    w.varint(l.num_free);
    w.varint(l.label);
  }
  w.end_section(s);

  s = w.begin_section(kAttr);
  w.varint(m.attributes.size());
  for (const AsmAttribute& a : m.attributes) {
    w.varint(a.name);
    w.varint(a.literal);
  }
  w.end_section(s);

  s = w.begin_section(kCode);
  w.varint(m.label_count);
  w.varint(m.code.size());
  for (const AsmInstr& in : m.code) write_instr(w, in);
  w.end_section(s);

  s = w.begin_section(kFile);
  w.bytes(m.source_file.data(), m.source_file.size());
  w.end_section(s);
  return w;
}

// ---------------------------------------------------------------- reading --

// A bounds-checked cursor over the file. Every read checks against the end of
// the current section, so a length field can never take it past the bytes.
class Reader {
 public:
  Reader(std::span<const std::uint8_t> b, std::string& error) : b_(b), end_(b.size()), error_(error) {}

  std::size_t pos() const { return pos_; }
  std::size_t left() const { return end_ - pos_; }
  const std::uint8_t* here() const { return b_.data() + pos_; }
  void set_section(const char* name, std::size_t end) {
    section_ = name;
    end_ = end;
  }

  bool fail(const std::string& msg) {
    error_ = msg;
    return false;
  }
  bool truncated() { return fail(std::string("truncated ") + section_ + " at byte " + std::to_string(pos_)); }

  bool u8(std::uint8_t& v) {
    if (left() < 1) return truncated();
    v = b_[pos_++];
    return true;
  }
  bool u32(std::uint32_t& v) {
    if (left() < 4) return truncated();
    v = 0;
    for (int i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(b_[pos_ + i]) << (8 * i);
    pos_ += 4;
    return true;
  }
  bool u64(std::uint64_t& v) {
    if (left() < 8) return truncated();
    v = 0;
    for (int i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(b_[pos_ + i]) << (8 * i);
    pos_ += 8;
    return true;
  }
  // LEB128, at most 10 bytes, no bits beyond 64, minimal length.
  bool varint(std::uint64_t& v) {
    std::size_t start = pos_;
    v = 0;
    for (int shift = 0;; shift += 7) {
      std::uint8_t byte;
      if (!u8(byte)) return false;
      if (shift == 63 && (byte & 0x7E) != 0) {
        return fail(std::string("malformed varint in ") + section_ + " at byte " + std::to_string(start));
      }
      v |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) {
        // One encoding per value: a final zero byte after others is padding.
        if (byte == 0 && shift > 0) {
          return fail(std::string("non-minimal varint in ") + section_ + " at byte " + std::to_string(start));
        }
        return true;
      }
      if (shift == 63) {
        return fail(std::string("malformed varint in ") + section_ + " at byte " + std::to_string(start));
      }
    }
  }
  bool zigzag(std::int64_t& v) {
    std::uint64_t u;
    if (!varint(u)) return false;
    v = static_cast<std::int64_t>(u >> 1) ^ -static_cast<std::int64_t>(u & 1);
    return true;
  }
  // A varint that must fit in 32 bits (table fields).
  bool varint32(std::uint32_t& v, const char* what) {
    std::size_t start = pos_;
    std::uint64_t u;
    if (!varint(u)) return false;
    if (u > std::numeric_limits<std::uint32_t>::max()) {
      return fail(std::string(what) + " " + std::to_string(u) + " too large in " + section_ + " at byte " +
                  std::to_string(start));
    }
    v = static_cast<std::uint32_t>(u);
    return true;
  }
  // An item count. Every item takes at least `min_item_bytes` bytes, so a
  // count the remaining bytes cannot hold is refused before anything is sized
  // from it.
  bool count(std::uint64_t& n, std::size_t min_item_bytes, const char* what) {
    std::size_t start = pos_;
    if (!varint(n)) return false;
    if (n > left() / min_item_bytes) {
      return fail(std::string(section_) + ": " + what + " count " + std::to_string(n) + " at byte " +
                  std::to_string(start) + " exceeds the " + std::to_string(left()) + " bytes left");
    }
    return true;
  }
  bool blob(std::string& s, const char* what) {
    std::size_t start = pos_;
    std::uint64_t n;
    if (!varint(n)) return false;
    if (n > left()) {
      return fail(std::string("truncated ") + section_ + ": " + what + " of " + std::to_string(n) +
                  " bytes at byte " + std::to_string(start));
    }
    s.assign(reinterpret_cast<const char*>(here()), static_cast<std::size_t>(n));
    pos_ += static_cast<std::size_t>(n);
    return true;
  }
  bool skip(std::size_t n) {
    if (left() < n) return truncated();
    pos_ += n;
    return true;
  }

 private:
  std::span<const std::uint8_t> b_;
  std::size_t pos_ = 0;
  std::size_t end_;
  const char* section_ = "header";
  std::string& error_;
};

class ModuleReader {
 public:
  ModuleReader(std::span<const std::uint8_t> bytes, AsmModule& out, std::string& error)
      : bytes_(bytes), r_(bytes, error), m_(out) {}

  bool read() {
    m_ = AsmModule{};
    if (bytes_.size() < 8) return r_.fail("truncated header: " + std::to_string(bytes_.size()) + " bytes");
    if (std::memcmp(bytes_.data(), kModuleMagic, 4) != 0) return r_.fail("not a Girder module file (bad magic)");
    r_.skip(4);
    std::uint32_t version;
    r_.u32(version);
    if (version != kModuleFormatVersion) {
      return r_.fail("unsupported module format version " + std::to_string(version) + " (expected " +
                     std::to_string(kModuleFormatVersion) + ")");
    }
    for (int s = 0; s < kSectionCount; ++s) {
      std::size_t header_at = r_.pos();
      r_.set_section("section header", bytes_.size());
      if (r_.left() < 8) {
        return r_.fail(std::string("truncated file: missing ") + kSectionTags[s] + " section at byte " +
                       std::to_string(header_at));
      }
      if (std::memcmp(r_.here(), kSectionTags[s], 4) != 0) {
        return r_.fail(std::string("expected section ") + kSectionTags[s] + " at byte " + std::to_string(header_at) +
                       ", found '" + printable_tag(r_.here()) + "'");
      }
      r_.skip(4);
      std::uint32_t len;
      r_.u32(len);
      if (len > r_.left()) {
        return r_.fail(std::string("truncated ") + kSectionTags[s] + " section at byte " + std::to_string(r_.pos()) +
                       ": length " + std::to_string(len) + " but " + std::to_string(r_.left()) + " bytes left");
      }
      std::size_t end = r_.pos() + len;
      section_names_[s] = std::string(kSectionTags[s]) + " section";
      r_.set_section(section_names_[s].c_str(), end);
      if (!read_section(static_cast<Section>(s), header_at)) return false;
      if (r_.pos() != end) {
        return r_.fail(std::to_string(end - r_.pos()) + " unread bytes at the end of the " + kSectionTags[s] +
                       " section (byte " + std::to_string(r_.pos()) + ")");
      }
    }
    if (r_.pos() != bytes_.size()) {
      return r_.fail(std::to_string(bytes_.size() - r_.pos()) + " trailing bytes after the HASH section");
    }
    return true;
  }

 private:
  static std::string printable_tag(const std::uint8_t* p) {
    std::string s;
    for (int i = 0; i < 4; ++i) s += (p[i] >= 0x20 && p[i] < 0x7F) ? static_cast<char>(p[i]) : '?';
    return s;
  }

  bool read_section(Section s, std::size_t header_at) {
    switch (s) {
      case kAtom: return read_atoms();
      case kLitt: return read_literals();
      case kImpt: return read_imports();
      case kExpt: return read_exports();
      case kLamb: return read_lambdas();
      case kAttr: return read_attributes();
      case kCode: return read_code();
      case kFile:
        m_.source_file.assign(reinterpret_cast<const char*>(r_.here()), r_.left());
        return r_.skip(r_.left());
      case kHash: {
        std::uint64_t stored;
        if (!r_.u64(stored)) return false;
        std::uint64_t actual = fnv1a64(bytes_.first(header_at));
        if (stored != actual) return r_.fail("content hash mismatch (file corrupted)");
        return true;
      }
      case kSectionCount: break;
    }
    return false;
  }

  bool index(std::uint32_t v, std::size_t size, const char* what) {
    if (v < size) return true;
    return r_.fail(std::string(what) + " index " + std::to_string(v) + " out of range (" + std::to_string(size) + " " +
                   what + "s) at byte " + std::to_string(r_.pos()));
  }

  bool read_atoms() {
    std::uint64_t n;
    if (!r_.count(n, 1, "atom")) return false;
    if (n == 0) return r_.fail("ATOM section: no atoms (atom 0 must be the module name)");
    m_.atoms.reserve(static_cast<std::size_t>(n));
    for (std::uint64_t i = 0; i < n; ++i) {
      std::string a;
      if (!r_.blob(a, "atom")) return false;
      if (!valid_atom_text(a)) return r_.fail("atom " + std::to_string(i) + " is not valid UTF-8 of at most 255 characters");
      m_.atoms.push_back(std::move(a));
    }
    return true;
  }

  bool read_literals() {
    std::uint64_t n;
    if (!r_.count(n, 1, "literal")) return false;
    m_.literals.reserve(static_cast<std::size_t>(n));
    for (std::uint64_t i = 0; i < n; ++i) {
      std::string s;
      if (!r_.blob(s, "literal")) return false;
      m_.literals.emplace_back(s.begin(), s.end());
    }
    return true;
  }

  bool read_imports() {
    std::uint64_t n;
    if (!r_.count(n, 3, "import")) return false;
    m_.imports.reserve(static_cast<std::size_t>(n));
    for (std::uint64_t i = 0; i < n; ++i) {
      AsmImport imp{};
      if (!r_.varint32(imp.module, "module atom") || !index(imp.module, m_.atoms.size(), "atom")) return false;
      if (!r_.varint32(imp.function, "function atom") || !index(imp.function, m_.atoms.size(), "atom")) return false;
      if (!r_.varint32(imp.arity, "arity")) return false;
      m_.imports.push_back(imp);
    }
    return true;
  }

  bool read_exports() {
    std::uint64_t n;
    if (!r_.count(n, 3, "export")) return false;
    m_.exports.reserve(static_cast<std::size_t>(n));
    for (std::uint64_t i = 0; i < n; ++i) {
      AsmExport e{};
      if (!r_.varint32(e.function, "function atom") || !index(e.function, m_.atoms.size(), "atom")) return false;
      if (!r_.varint32(e.arity, "arity") || !r_.varint32(e.label, "label")) return false;
      m_.exports.push_back(e);
    }
    return true;
  }

  bool read_lambdas() {
    std::uint64_t n;
    if (!r_.count(n, 4, "lambda")) return false;
    m_.lambdas.reserve(static_cast<std::size_t>(n));
    for (std::uint64_t i = 0; i < n; ++i) {
      AsmLambda l{};
      if (!r_.varint32(l.function, "function atom") || !index(l.function, m_.atoms.size(), "atom")) return false;
      if (!r_.varint32(l.arity, "arity") || !r_.varint32(l.num_free, "free count") || !r_.varint32(l.label, "label")) {
        return false;
      }
      m_.lambdas.push_back(l);
    }
    return true;
  }

  bool read_attributes() {
    std::uint64_t n;
    if (!r_.count(n, 2, "attribute")) return false;
    m_.attributes.reserve(static_cast<std::size_t>(n));
    for (std::uint64_t i = 0; i < n; ++i) {
      AsmAttribute a{};
      if (!r_.varint32(a.name, "name atom") || !index(a.name, m_.atoms.size(), "atom")) return false;
      if (!r_.varint32(a.literal, "literal") || !index(a.literal, m_.literals.size(), "literal")) return false;
      m_.attributes.push_back(a);
    }
    return true;
  }

  bool read_code() {
    if (!r_.varint32(m_.label_count, "label count")) return false;
    std::uint64_t n;
    if (!r_.count(n, 1, "instruction")) return false;
    m_.code.reserve(static_cast<std::size_t>(n));
    for (std::uint64_t i = 0; i < n; ++i) {
      if (!read_instr(i)) return false;
    }
    return true;
  }

  std::string where(std::uint64_t instr, std::size_t operand) const {
    return " (instruction " + std::to_string(instr) + ", operand " + std::to_string(operand) + ", byte " +
           std::to_string(r_.pos()) + ")";
  }

  bool read_instr(std::uint64_t index) {
    std::size_t at = r_.pos();
    std::uint8_t op;
    if (!r_.u8(op)) return false;
    if (op >= vm::kOpcodeCount) {
      return r_.fail("unknown opcode " + std::to_string(op) + " at instruction " + std::to_string(index) + " (byte " +
                     std::to_string(at) + ")");
    }
    AsmInstr in{static_cast<vm::Opcode>(op), {}};
    for (char k : vm::kOpcodeInfo[op].operands) {
      if (!is_list_kind(k)) {
        if (!read_operand(k, index, in)) return false;
        continue;
      }
      std::string_view elems = list_element_kinds(k);
      std::uint64_t count;
      if (!r_.count(count, elems.size(), "list item")) return false;
      in.ops.push_back(AsmOperand::integer(static_cast<std::int64_t>(count)));
      for (std::uint64_t c = 0; c < count; ++c) {
        for (char e : elems) {
          if (!read_operand(e, index, in)) return false;
        }
      }
    }
    m_.code.push_back(std::move(in));
    return true;
  }

  bool read_operand(char letter, std::uint64_t instr, AsmInstr& in) {
    using K = AsmOperand::Kind;
    std::size_t operand = in.ops.size();
    K kind;
    if (kind_is_tagged(letter)) {
      std::uint8_t tag;
      if (!r_.u8(tag)) return false;
      if (tag > static_cast<std::uint8_t>(K::Fun) || !operand_kind_allowed(letter, static_cast<K>(tag))) {
        return r_.fail("operand kind tag " + std::to_string(tag) + " not allowed for kind '" + letter + "'" +
                       where(instr, operand));
      }
      kind = static_cast<K>(tag);
    } else {
      switch (letter) {
        case 'x': kind = K::X; break;
        case 'y': kind = K::Y; break;
        case 'u': kind = K::Int; break;
        case 'a': kind = K::Atom; break;
        case 'l': case 'f': kind = K::Label; break;
        case 'e': case 'b': kind = K::Import; break;
        case 'F': kind = K::Fun; break;
        default: return r_.fail(std::string("bad operand kind letter '") + letter + "'" + where(instr, operand));
      }
    }
    AsmOperand o{kind, 0};
    if (kind == K::Int) {
      if (!r_.zigzag(o.value)) return false;
    } else if (kind != K::Nil) {
      std::uint64_t u;
      if (!r_.varint(u)) return false;
      if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return r_.fail(std::string(operand_kind_name(kind)) + " operand " + std::to_string(u) + " too large" +
                       where(instr, operand));
      }
      o.value = static_cast<std::int64_t>(u);
      std::size_t limit = 0;
      const char* what = nullptr;
      switch (kind) {
        case K::Atom: limit = m_.atoms.size(); what = "atom"; break;
        case K::Literal: limit = m_.literals.size(); what = "literal"; break;
        case K::Import: limit = m_.imports.size(); what = "import"; break;
        case K::Fun: limit = m_.lambdas.size(); what = "lambda"; break;
        default: break;
      }
      if (what && u >= limit) {
        return r_.fail(std::string(what) + " index " + std::to_string(u) + " out of range (" + std::to_string(limit) +
                       " " + what + "s)" + where(instr, operand));
      }
    }
    in.ops.push_back(o);
    return true;
  }

  std::span<const std::uint8_t> bytes_;
  Reader r_;
  AsmModule& m_;
  std::string section_names_[kSectionCount];
};

}  // namespace

std::uint64_t fnv1a64(std::span<const std::uint8_t> bytes) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (std::uint8_t b : bytes) {
    h ^= b;
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::vector<std::uint8_t> write_module(const AsmModule& m) {
  Writer w = write_body(m);
  std::uint64_t hash = fnv1a64(w.out);
  std::size_t s = w.begin_section(kHash);
  w.u64(hash);
  w.end_section(s);
  return std::move(w.out);
}

std::uint64_t module_content_hash(const AsmModule& m) { return fnv1a64(write_body(m).out); }

ModuleDigests module_digests(const AsmModule& m) {
  Writer w = write_body(m);
  ModuleDigests d{fnv1a64(w.out), {}};
  unsigned size = 0;
  if (EVP_Digest(w.out.data(), w.out.size(), d.md5.data(), &size, EVP_md5(), nullptr) != 1) d.md5 = {};
  return d;
}

bool read_module(std::span<const std::uint8_t> bytes, AsmModule& out, std::string& error) {
  ModuleReader reader(bytes, out, error);
  return reader.read();
}

}  // namespace girder::loader
