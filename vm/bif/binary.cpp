// Binary, atom/list conversion, external term format, hashing and unicode
// BIFs: the erlang:*binary* family, the `binary` and `unicode` modules,
// term_to_binary/binary_to_term and phash2.
//
// Conventions: results of slicing (binary:part, split, split_binary) are
// sub-binaries pointing into the original when longer than a heap binary
// (kHeapBinLimit), copies otherwise, as on BEAM. Deep iolists/chardata are
// walked with an explicit stack of pending list tails, never by recursion.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vm/bif/bif.h"
#include "vm/exec/code.h"
#include "vm/proc/process.h"
#include "vm/term/atom.h"
#include "vm/term/build.h"
#include "vm/term/phash.h"
#include "vm/term/utf8.h"
#include "vm/text/etf.h"
#include "vm/vm.h"

namespace girder::vm {

namespace {

// ------------------------------------------------------------ helpers

bool is_binary(Term t) { return t.is_bitstring() && bit_view(t).bit_size % 8 == 0; }

// The bytes of a byte-aligned binary. Precondition: is_binary(t). Unaligned
// sub-binaries are copied into `scratch`.
std::string_view bin_bytes(Term t, std::string& scratch) {
  BitView v = bit_view(t);
  if (v.bit_offset == 0) return {reinterpret_cast<const char*>(v.data), v.byte_size()};
  scratch.resize(v.byte_size());
  copy_bits_aligned(v, reinterpret_cast<unsigned char*>(scratch.data()));
  return scratch;
}

Term make_bin(Process& p, std::string_view bytes) { return make_binary(p, bytes); }

// A bitstring of `bits` bits from aligned `bytes` (trailing bits left-aligned).
Term make_bits(Process& p, std::string_view bytes, Word bits) {
  if (bits % 8 == 0) return make_bin(p, bytes.substr(0, bits / 8));
  Term base = make_bin(p, bytes.substr(0, (bits + 7) / 8));
  Word* sub = p.alloc(kSubBinWords);
  sub[0] = make_header(BoxKind::SubBin, kSubBinWords - 1);
  sub[1] = bits;
  sub[2] = 0;
  sub[3] = base.raw();
  return Term::boxed(sub);
}

// Bytes [offset, offset+len) of binary `bin`: a copy if small, else a
// sub-binary sharing the original's storage.
Term make_sub(Process& p, Term bin, Word offset, Word len) {
  BitView v = bit_view(bin);
  if (len <= kHeapBinLimit || v.bit_offset != 0) {
    std::string scratch;
    std::string_view bytes = bin_bytes(bin, scratch);
    return make_bin(p, bytes.substr(offset, len));
  }
  if (offset == 0 && len == v.byte_size()) return bin;
  Word* obj = bin.box_ptr();
  Term original = bin;
  Word base_bits = 0;
  if (header_kind(obj[0]) == BoxKind::SubBin) {
    original = Term::from_raw(obj[3]);
    base_bits = obj[2];
  }
  Word* sub = p.alloc(kSubBinWords);
  sub[0] = make_header(BoxKind::SubBin, kSubBinWords - 1);
  sub[1] = len * 8;
  sub[2] = base_bits + offset * 8;
  sub[3] = original.raw();
  return Term::boxed(sub);
}

bool get_uint(Term t, Word& out) {
  if (!t.is_small() || t.small_value() < 0) return false;
  out = static_cast<Word>(t.small_value());
  return true;
}

// {Start, Len} (Len may be negative) within a binary of `size` bytes, as
// binary_part/binary:part define it; sets [start, start+len).
bool part_range(Term start_t, Term len_t, Word size, Word& start, Word& len) {
  if (!start_t.is_small() || !len_t.is_small()) return false;
  SWord s = start_t.small_value(), l = len_t.small_value();
  if (l < 0) { s += l; l = -l; }
  if (s < 0 || static_cast<Word>(s) > size || static_cast<Word>(l) > size - static_cast<Word>(s)) return false;
  start = static_cast<Word>(s);
  len = static_cast<Word>(l);
  return true;
}

// An integer from little-endian magnitude bytes (non-negative).
Term integer_from_le(Process& p, const unsigned char* b, std::size_t n) {
  while (n > 0 && b[n - 1] == 0) --n;
  if (n <= 8) {
    Word mag = 0;
    for (std::size_t i = 0; i < n; ++i) mag |= Word{b[i]} << (8 * i);
    if (mag <= static_cast<Word>(kSmallMax)) return Term::small(static_cast<SWord>(mag));
  }
  Word limbs = (n + 7) / 8;
  Word* obj = p.alloc(1 + limbs);
  obj[0] = make_header(BoxKind::PosBig, limbs);
  for (Word i = 0; i < limbs; ++i) obj[1 + i] = 0;
  for (std::size_t i = 0; i < n; ++i) obj[1 + i / 8] |= Word{b[i]} << (8 * (i % 8));
  return Term::boxed(obj);
}

// ------------------------------------------------------------ iolists

enum class IoMode { Bytes, Bits };

// Long jobs run in slices of kJobSliceUnits units of work (a list cell, a
// term, a few hundred bytes copied); each slice charges a tenth of its units
// in reductions, like lists:reverse (bif/lists.cpp), then traps to a hidden
// continuation so the scheduler can switch processes in between.
// Encoding or decoding a term costs several times a list cell: a slice of
// the external term format does this many terms for the same reductions.
constexpr std::size_t kEtfSliceUnits = 10000;

ExportEntry* erlang_export(Process& p, std::string_view function, unsigned arity) {
  return p.vm().code().export_entry(atoms::erlang, p.vm().atoms().intern(function), arity);
}

// Flattens iodata (or bitstring lists in Bits mode) in slices. Pending list
// tails are kept on an explicit stack, so nesting depth only costs memory;
// between slices the stack and the current term are GC roots (IodataJob).
class IodataWalker {
 public:
  // count_only: just add up the bits (iolist_size), keep no bytes.
  IodataWalker(Term t, IoMode mode, bool count_only) : cur_(t), mode_(mode), count_only_(count_only) {}
  enum class Status { Done, More, Bad };

  Status run(std::size_t budget) {
    std::size_t spent = 0;
    Term t = cur_;
    for (;;) {
      if (++spent > budget) {
        cur_ = t;
        return Status::More;
      }
      if (t.is_list()) {
        Term h = t.head();
        if (h.is_small()) {
          SWord c = h.small_value();
          if (c < 0 || c > 255) return Status::Bad;
          append_byte(static_cast<unsigned char>(c));
          t = t.tail();
        } else if (h.is_list() || h.is_nil()) {
          tails_.push_back(t.tail());
          t = h;
        } else if (h.is_bitstring()) {
          if (!append_bits(h, spent)) return Status::Bad;
          t = t.tail();
        } else {
          return Status::Bad;
        }
      } else if (t.is_nil()) {
        if (tails_.empty()) {
          cur_ = kNil;
          return Status::Done;
        }
        t = tails_.back();
        tails_.pop_back();
      } else if (t.is_bitstring()) {
        if (!append_bits(t, spent)) return Status::Bad;
        t = kNil;
      } else {
        return Status::Bad;
      }
    }
  }

  std::string& out() { return out_; }
  Word bits() const { return bits_; }
  void roots(std::vector<std::span<Term>>& r) {
    r.push_back(std::span<Term>(&cur_, 1));
    if (!tails_.empty()) r.push_back(std::span<Term>(tails_));
  }

 private:
  void append_byte(unsigned char c) {
    if (count_only_) {
      bits_ += 8;
      return;
    }
    if (bits_ % 8 == 0) {
      out_.push_back(static_cast<char>(c));
    } else {
      unsigned shift = bits_ % 8;
      out_.back() = static_cast<char>(out_.back() | (c >> shift));
      out_.push_back(static_cast<char>(c << (8 - shift)));
    }
    bits_ += 8;
  }

  bool append_bits(Term b, std::size_t& spent) {
    BitView v = bit_view(b);
    if (mode_ == IoMode::Bytes && v.bit_size % 8 != 0) return false;
    spent += v.bit_size / 2048;  // 256 bytes a unit
    if (count_only_) {
      bits_ += v.bit_size;
      return true;
    }
    if (bits_ % 8 == 0 && v.bit_offset == 0) {
      out_.append(reinterpret_cast<const char*>(v.data), (v.bit_size + 7) / 8);
      bits_ += v.bit_size;
      // Keep trailing bits of a final partial byte left-aligned, rest zero.
      if (bits_ % 8) out_.back() = static_cast<char>(out_.back() & (0xff << (8 - bits_ % 8)));
      return true;
    }
    // Unaligned: append bit by bit via an aligned copy.
    std::string tmp((v.bit_size + 7) / 8, '\0');
    copy_bits_aligned(v, reinterpret_cast<unsigned char*>(tmp.data()));
    for (Word i = 0; i < v.bit_size; ++i) {
      unsigned bit = (static_cast<unsigned char>(tmp[i / 8]) >> (7 - i % 8)) & 1;
      if (bits_ % 8 == 0) out_.push_back('\0');
      if (bit) out_.back() = static_cast<char>(out_.back() | (0x80 >> (bits_ % 8)));
      ++bits_;
    }
    return true;
  }

  Term cur_;
  std::vector<Term> tails_;
  std::string out_;
  Word bits_ = 0;
  IoMode mode_;
  bool count_only_;
};

// Flatten iodata in one go (for BIFs whose inputs are small by nature).
bool collect_iodata(Term t, IoMode mode, std::string& out, Word& bits) {
  IodataWalker w(t, mode, false);
  if (w.run(SIZE_MAX) != IodataWalker::Status::Done) return false;
  out = std::move(w.out());
  bits = w.bits();
  return true;
}

// What an iodata BIF makes of the flattened input.
enum class IodataResult : std::uint8_t { Binary, Bitstring, Size };

struct IodataJob final : BifJob {
  IodataJob(Term t, IoMode mode, IodataResult result, ExportEntry* original)
      : walker(t, mode, result == IodataResult::Size), result(result), original(original) {}
  void roots(std::vector<std::span<Term>>& out) override { walker.roots(out); }
  IodataWalker walker;
  IodataResult result;
  ExportEntry* original;  // the BIF the program called, for errors
};

// badarg from a slice of a job: the first slice runs inside the BIF the
// program called; later ones report as that BIF (Process::fail_as).
Term job_failed(Process& p, ExportEntry* original, bool continuing) {
  return continuing ? p.fail_as(original, atoms::error, atoms::badarg) : p.badarg();
}

// One slice of an iodata job: the result, or a trap to erlang:'$iodata'/2
// (original argument, token) for the next slice.
Term run_iodata_job(Process& p, Term arg, std::unique_ptr<IodataJob> job, bool continuing) {
  IodataWalker::Status st = job->walker.run(kJobSliceUnits);
  p.charge(kJobSliceUnits / 10);
  if (st == IodataWalker::Status::Bad) return job_failed(p, job->original, continuing);
  if (st == IodataWalker::Status::More) {
    Term token = p.park_job(std::move(job));
    return p.trap(erlang_export(p, "$iodata", 2), {arg, token});
  }
  switch (job->result) {
    case IodataResult::Size: return make_integer(p, static_cast<std::int64_t>(job->walker.bits() / 8));
    case IodataResult::Bitstring: return make_bits(p, job->walker.out(), job->walker.bits());
    case IodataResult::Binary: break;
  }
  return make_bin(p, job->walker.out());
}

Term start_iodata_job(Process& p, Term arg, IoMode mode, IodataResult result, std::string_view name) {
  // Most inputs are small: try a slice's worth on the C++ stack first.
  IodataWalker w(arg, mode, result == IodataResult::Size);
  IodataWalker::Status st = w.run(kJobSliceUnits);
  if (st == IodataWalker::Status::Bad) return p.badarg();
  if (st == IodataWalker::Status::Done) {
    switch (result) {
      case IodataResult::Size: return make_integer(p, static_cast<std::int64_t>(w.bits() / 8));
      case IodataResult::Bitstring: return make_bits(p, w.out(), w.bits());
      case IodataResult::Binary: break;
    }
    return make_bin(p, w.out());
  }
  auto job = std::make_unique<IodataJob>(arg, mode, result, erlang_export(p, name, 1));
  job->walker = std::move(w);
  p.charge(kJobSliceUnits / 10);
  Term token = p.park_job(std::move(job));
  return p.trap(erlang_export(p, "$iodata", 2), {arg, token});
}

// erlang:'$iodata'(Arg, Token): the next slice of list_to_binary,
// iolist_to_binary, iolist_size or list_to_bitstring.
Term bif_iodata_continue(Process& p, const Term* a) {
  std::unique_ptr<IodataJob> job = p.take_job<IodataJob>(a[1]);
  if (!job) return p.badarg();
  return run_iodata_job(p, a[0], std::move(job), true);
}

Term bif_list_to_binary(Process& p, const Term* a) {
  if (!a[0].is_list() && !a[0].is_nil()) return p.badarg();
  return start_iodata_job(p, a[0], IoMode::Bytes, IodataResult::Binary, "list_to_binary");
}

Term bif_iolist_to_binary(Process& p, const Term* a) {
  if (is_binary(a[0])) return a[0];
  if (!a[0].is_list() && !a[0].is_nil()) return p.badarg();
  return start_iodata_job(p, a[0], IoMode::Bytes, IodataResult::Binary, "iolist_to_binary");
}

Term bif_iolist_size(Process& p, const Term* a) {
  return start_iodata_job(p, a[0], IoMode::Bytes, IodataResult::Size, "iolist_size");
}

Term bif_list_to_bitstring(Process& p, const Term* a) {
  if (!a[0].is_list() && !a[0].is_nil()) return p.badarg();
  return start_iodata_job(p, a[0], IoMode::Bits, IodataResult::Bitstring, "list_to_bitstring");
}

// ------------------------------------------------------------ erlang: sizes, parts

Term bif_byte_size(Process& p, const Term* a) {
  if (!a[0].is_bitstring()) return p.badarg();
  return Term::small(static_cast<SWord>((bit_view(a[0]).bit_size + 7) / 8));
}

Term bif_bit_size(Process& p, const Term* a) {
  if (!a[0].is_bitstring()) return p.badarg();
  return Term::small(static_cast<SWord>(bit_view(a[0]).bit_size));
}

Term binary_part3(Process& p, Term bin, Term s, Term l) {
  if (!is_binary(bin)) return p.badarg();
  Word start, len;
  if (!part_range(s, l, bit_view(bin).byte_size(), start, len)) return p.badarg();
  return make_sub(p, bin, start, len);
}

Term bif_binary_part_2(Process& p, const Term* a) {
  if (!a[1].is_tuple() || a[1].tuple_arity() != 2) return p.badarg();
  return binary_part3(p, a[0], a[1].element(0), a[1].element(1));
}

Term bif_binary_part_3(Process& p, const Term* a) { return binary_part3(p, a[0], a[1], a[2]); }

Term bif_split_binary(Process& p, const Term* a) {
  Word pos;
  if (!is_binary(a[0]) || !get_uint(a[1], pos)) return p.badarg();
  Word size = bit_view(a[0]).byte_size();
  if (pos > size) return p.badarg();
  Term l = make_sub(p, a[0], 0, pos);
  Term r = make_sub(p, a[0], pos, size - pos);
  return make_tuple(p, {l, r});
}

// Bytes [lo, hi) of an aligned binary consed in front of `acc`, from the
// end: a long binary becomes a list in slices (erlang:'$binary_to_list'/4).
Term binary_to_list_slices(Process& p, Term bin, Word lo, Word hi, Term acc) {
  BitView v = bit_view(bin);
  Word from = hi - lo > kJobSliceUnits ? hi - kJobSliceUnits : lo;
  Word n = hi - from;
  Word* cells = p.alloc(2 * n);
  for (Word i = n; i-- > 0;) {
    cells[2 * i] = Term::small(v.data[from + i]).raw();
    cells[2 * i + 1] = acc.raw();
    acc = Term::list(cells + 2 * i);
  }
  p.charge(n / 10);
  if (from == lo) return acc;
  return p.trap(erlang_export(p, "$binary_to_list", 4),
                {bin, Term::small(static_cast<SWord>(lo)), Term::small(static_cast<SWord>(from)), acc});
}

// A byte-aligned copy of the whole bytes of a bitstring that starts
// mid-byte (a sub-binary made by bit matching), so slices can index them.
Term aligned(Process& p, Term bits) {
  BitView v = bit_view(bits);
  if (v.bit_offset == 0) return bits;
  v.bit_size -= v.bit_size % 8;
  std::string bytes(v.byte_size(), '\0');
  copy_bits_aligned(v, reinterpret_cast<unsigned char*>(bytes.data()));
  return make_bin(p, bytes);
}

// erlang:'$binary_to_list'(Bin, Lo, Hi, Acc): the rest of a long
// binary_to_list, bytes [Lo, Hi) of the aligned binary Bin.
Term bif_binary_to_list_continue(Process& p, const Term* a) {
  Word lo, hi;
  if (!a[0].is_bitstring() || bit_view(a[0]).bit_offset != 0 || !get_uint(a[1], lo) || !get_uint(a[2], hi) ||
      lo > hi || hi > bit_view(a[0]).byte_size()) {
    return p.badarg();
  }
  return binary_to_list_slices(p, a[0], lo, hi, a[3]);
}

Term bif_binary_to_list_1(Process& p, const Term* a) {
  if (!is_binary(a[0])) return p.badarg();
  Term bin = aligned(p, a[0]);
  return binary_to_list_slices(p, bin, 0, bit_view(bin).byte_size(), kNil);
}

// As OTP, a bitstring is accepted when the range covers whole bytes.
Term bif_binary_to_list_3(Process& p, const Term* a) {
  Word start, stop;
  if (!a[0].is_bitstring() || !get_uint(a[1], start) || !get_uint(a[2], stop)) return p.badarg();
  Word size = bit_view(a[0]).byte_size();
  if (start < 1 || stop < start || stop > size) return p.badarg();
  return binary_to_list_slices(p, aligned(p, a[0]), start - 1, stop, kNil);
}

Term bif_bitstring_to_list(Process& p, const Term* a) {
  if (!a[0].is_bitstring()) return p.badarg();
  BitView v = bit_view(a[0]);
  std::string bytes((v.bit_size + 7) / 8, '\0');
  copy_bits_aligned(v, reinterpret_cast<unsigned char*>(bytes.data()));
  Word whole = v.bit_size / 8;
  Term tail = kNil;
  if (v.bit_size % 8) tail = make_cons(p, make_bits(p, bytes.substr(whole), v.bit_size % 8), kNil);
  Word* cells = p.alloc(2 * whole);
  for (Word i = whole; i-- > 0;) {
    cells[2 * i] = Term::small(static_cast<unsigned char>(bytes[i])).raw();
    cells[2 * i + 1] = tail.raw();
    tail = Term::list(cells + 2 * i);
  }
  return tail;
}

// ------------------------------------------------------------ atoms

// utf8 / unicode -> true, latin1 -> false; anything else sets ok = false.
bool encoding_is_utf8(Term enc, bool& ok) {
  ok = true;
  if (enc == atoms::utf8 || enc == atoms::unicode) return true;
  if (enc == atoms::latin1) return false;
  ok = false;
  return false;
}

Term atom_to_binary(Process& p, Term atom, Term enc) {
  bool ok;
  bool utf = encoding_is_utf8(enc, ok);
  if (!atom.is_atom() || !ok) return p.badarg();
  std::string_view name = p.vm().atoms().name(atom);
  if (utf) return make_bin(p, name);
  std::string latin1;
  if (!utf8::to_latin1(name, latin1)) return p.badarg();
  return make_bin(p, latin1);
}

Term bif_atom_to_binary_1(Process& p, const Term* a) { return atom_to_binary(p, a[0], atoms::utf8); }
Term bif_atom_to_binary_2(Process& p, const Term* a) { return atom_to_binary(p, a[0], a[1]); }

// The atom named `text` (UTF-8, `chars` characters): system_limit when too
// long; with `existing`, badarg unless it exists already.
Term atom_from_text(Process& p, const std::string& text, std::size_t chars, bool existing) {
  if (chars > kMaxAtomChars) return p.system_limit();
  if (existing) {
    auto found = p.vm().atoms().find(text);
    return found ? *found : p.badarg();
  }
  Term t = p.vm().atoms().intern(text);
  return t.is_non_value() ? p.system_limit() : t;
}

// The atom whose text is a binary in the given encoding.
Term binary_to_atom(Process& p, Term bin, Term enc, bool existing) {
  bool ok;
  bool utf = encoding_is_utf8(enc, ok);
  if (!is_binary(bin) || !ok) return p.badarg();
  std::string scratch;
  std::string_view raw = bin_bytes(bin, scratch);
  std::string text;
  std::size_t chars = raw.size();
  if (utf) {
    if (!utf8::valid(raw, &chars)) return p.badarg();
    text.assign(raw);
  } else {
    text = utf8::from_latin1(raw);
  }
  return atom_from_text(p, text, chars, existing);
}

Term bif_binary_to_atom_1(Process& p, const Term* a) { return binary_to_atom(p, a[0], atoms::utf8, false); }
Term bif_binary_to_atom_2(Process& p, const Term* a) { return binary_to_atom(p, a[0], a[1], false); }
Term bif_binary_to_existing_atom_1(Process& p, const Term* a) { return binary_to_atom(p, a[0], atoms::utf8, true); }
Term bif_binary_to_existing_atom_2(Process& p, const Term* a) { return binary_to_atom(p, a[0], a[1], true); }

Term bif_atom_to_list(Process& p, const Term* a) {
  if (!a[0].is_atom()) return p.badarg();
  return make_string(p, p.vm().atoms().name(a[0]));
}

Term list_to_atom(Process& p, Term list, bool existing) {
  std::string text;
  if (!string_from_chars(list, text)) return p.badarg();
  std::size_t chars = 0;
  utf8::valid(text, &chars);
  return atom_from_text(p, text, chars, existing);
}

Term bif_list_to_atom(Process& p, const Term* a) { return list_to_atom(p, a[0], false); }
Term bif_list_to_existing_atom(Process& p, const Term* a) { return list_to_atom(p, a[0], true); }

// ------------------------------------------------------------ ETF and hashing

bool atom_is(const VM& vm, Term a, std::string_view text) {
  return a.is_atom() && vm.atoms().name(a) == text;
}

// Parse term_to_binary/external_size options; false on anything unknown.
bool parse_etf_options(const VM& vm, Term opts, EtfOptions& o, bool allow_compress) {
  for (Term l = opts; ; l = l.tail()) {
    if (l.is_nil()) return true;
    if (!l.is_list()) return false;
    Term e = l.head();
    if (allow_compress && e == atoms::compressed) {
      o.compress_level = 6;
    } else if (e.is_atom() && atom_is(vm, e, "deterministic")) {
      o.deterministic = true;
    } else if (e.is_tuple() && e.tuple_arity() == 2 && e.element(1).is_small()) {
      SWord v = e.element(1).small_value();
      if (allow_compress && e.element(0) == atoms::compressed && v >= 0 && v <= 9) {
        o.compress_level = static_cast<int>(v);
      } else if (e.element(0) == atoms::minor_version && v >= 0 && v <= 2) {
        o.minor_version = static_cast<int>(v);
      } else {
        return false;
      }
    } else {
      return false;
    }
  }
}

// term_to_binary in slices: the encoder's stack holds terms of the
// process heap, so it is a GC root while the job waits.
struct EncodeJob final : BifJob {
  EncodeJob(const VM& vm, Term t, const EtfOptions& o, ExportEntry* original)
      : encoder(vm, t, o), original(original) {}
  void roots(std::vector<std::span<Term>>& out) override { out.push_back(encoder.roots()); }
  EtfEncoder encoder;
  ExportEntry* original;
};

// One slice; the binary when done, else a trap to
// erlang:'$term_to_binary'(Term, Options, Token).
Term run_encode_job(Process& p, Term t, Term opts, std::unique_ptr<EncodeJob> job, bool continuing) {
  EtfEncoder::Status st = job->encoder.run(kEtfSliceUnits);
  p.charge(kJobSliceUnits / 10);
  if (st == EtfEncoder::Status::NotEncodable) return job_failed(p, job->original, continuing);
  if (st == EtfEncoder::Status::More) {
    Term token = p.park_job(std::move(job));
    return p.trap(erlang_export(p, "$term_to_binary", 3), {t, opts, token});
  }
  const std::vector<std::uint8_t>& out = job->encoder.output();
  return make_bin(p, std::string_view(reinterpret_cast<const char*>(out.data()), out.size()));
}

Term term_to_binary(Process& p, Term t, Term opts, const EtfOptions& o, unsigned arity) {
  auto job = std::make_unique<EncodeJob>(p.vm(), t, o, erlang_export(p, "term_to_binary", arity));
  return run_encode_job(p, t, opts, std::move(job), false);
}

Term bif_term_to_binary_1(Process& p, const Term* a) { return term_to_binary(p, a[0], kNil, EtfOptions{}, 1); }

Term bif_term_to_binary_2(Process& p, const Term* a) {
  EtfOptions o;
  if (!parse_etf_options(p.vm(), a[1], o, true)) return p.badarg();
  return term_to_binary(p, a[0], a[1], o, 2);
}

Term bif_term_to_binary_continue(Process& p, const Term* a) {
  std::unique_ptr<EncodeJob> job = p.take_job<EncodeJob>(a[2]);
  if (!job) return p.badarg();
  return run_encode_job(p, a[0], a[1], std::move(job), true);
}

Term external_size(Process& p, Term t, const EtfOptions& o) {
  std::vector<std::uint8_t> out;
  if (etf_encode(p.vm(), t, o, out) != EtfError::Ok) return p.badarg();
  return Term::small(static_cast<SWord>(out.size()));
}

Term bif_external_size_1(Process& p, const Term* a) { return external_size(p, a[0], EtfOptions{}); }

Term bif_external_size_2(Process& p, const Term* a) {
  EtfOptions o;
  if (!parse_etf_options(p.vm(), a[1], o, false)) return p.badarg();
  return external_size(p, a[0], o);
}

// Inputs up to this size decode in one go, straight onto the heap.
constexpr std::size_t kDecodeInOneGoBytes = 64 * 1024;

// binary_to_term in slices: the term is built off the heap (DetachedAllocator,
// whose chunks do not move when the process collects between slices) and
// joins the heap at the end.
struct DecodeJob final : BifJob {
  DecodeJob(std::span<const std::uint8_t> bytes, VM& vm, bool safe, bool want_used, ExportEntry* original)
      : decoder(bytes, alloc, vm, safe), want_used(want_used), original(original) {}
  DetachedAllocator alloc;  // before the decoder, which refers to it
  EtfDecoder decoder;
  std::string own_bytes;    // the input, when the binary starts mid-byte
  bool want_used;
  ExportEntry* original;
};

std::span<const std::uint8_t> as_bytes(std::string_view b) {
  return {reinterpret_cast<const std::uint8_t*>(b.data()), b.size()};
}

// The input of a decode job: re-read from the binary at every slice (its
// data does not move, but the binary term itself may have), unless the job
// keeps its own aligned copy.
std::span<const std::uint8_t> job_input(const DecodeJob& job, Term bin) {
  if (!job.own_bytes.empty()) return as_bytes(job.own_bytes);
  BitView v = bit_view(bin);
  return {v.data, v.byte_size()};
}

Term finish_decode(Process& p, Term t, std::size_t used, bool want_used) {
  if (want_used) return make_tuple(p, {t, Term::small(static_cast<SWord>(used))});
  return t;
}

// One slice; the term when done, else a trap to
// erlang:'$binary_to_term'(Bin, Options, Token).
Term run_decode_job(Process& p, Term bin, Term opts, std::unique_ptr<DecodeJob> job, bool continuing) {
  EtfDecoder::Status st = job->decoder.run(kEtfSliceUnits, job_input(*job, bin));
  p.charge(kJobSliceUnits / 10);
  if (st == EtfDecoder::Status::Bad) return job_failed(p, job->original, continuing);
  if (st == EtfDecoder::Status::More) {
    Term token = p.park_job(std::move(job));
    return p.trap(erlang_export(p, "$binary_to_term", 3), {bin, opts, token});
  }
  job->alloc.adopt_into(p.heap());
  return finish_decode(p, job->decoder.result(), job->decoder.used(), job->want_used);
}

Term binary_to_term(Process& p, Term bin, Term opts, bool safe, bool want_used, unsigned arity) {
  if (!is_binary(bin)) return p.badarg();
  BitView v = bit_view(bin);
  std::size_t size = v.byte_size();
  // A compressed term is as big as it inflates to.
  if (size >= 6 && v.bit_offset == 0 && v.data[1] == 80) {
    size = std::max<std::size_t>(size, (std::size_t{v.data[2]} << 24) | (std::size_t{v.data[3]} << 16) |
                                           (std::size_t{v.data[4]} << 8) | v.data[5]);
  }
  std::string scratch;
  std::string_view b = bin_bytes(bin, scratch);
  if (size <= kDecodeInOneGoBytes) {
    ProcessAllocator alloc(p);
    std::size_t used = 0;
    Term t = etf_decode(as_bytes(b), alloc, p.vm(), &used, safe);
    p.charge(size / 64);
    if (t.is_non_value()) return p.badarg();
    return finish_decode(p, t, used, want_used);
  }
  auto job = std::make_unique<DecodeJob>(as_bytes(b), p.vm(), safe, want_used,
                                         erlang_export(p, "binary_to_term", arity));
  if (v.bit_offset != 0) job->own_bytes = std::move(scratch);
  return run_decode_job(p, bin, opts, std::move(job), false);
}

Term bif_binary_to_term_1(Process& p, const Term* a) { return binary_to_term(p, a[0], kNil, false, false, 1); }

Term bif_binary_to_term_2(Process& p, const Term* a) {
  bool safe = false, used = false;
  Term l = a[1];
  for (; l.is_list(); l = l.tail()) {
    Term e = l.head();
    if (e.is_atom() && atom_is(p.vm(), e, "safe")) safe = true;
    else if (e.is_atom() && atom_is(p.vm(), e, "used")) used = true;
    else return p.badarg();
  }
  if (!l.is_nil()) return p.badarg();
  return binary_to_term(p, a[0], a[1], safe, used, 2);
}

Term bif_binary_to_term_continue(Process& p, const Term* a) {
  std::unique_ptr<DecodeJob> job = p.take_job<DecodeJob>(a[2]);
  if (!job || !is_binary(a[0])) return p.badarg();
  return run_decode_job(p, a[0], a[1], std::move(job), true);
}

Term bif_phash2_1(Process& p, const Term* a) {
  return Term::small(phash2_hash(p.vm(), a[0]) & ((1u << 27) - 1));
}

Term bif_phash2_2(Process& p, const Term* a) {
  if (!a[1].is_small() || a[1].small_value() < 1 || a[1].small_value() > (SWord{1} << 32)) return p.badarg();
  std::uint64_t range = static_cast<std::uint64_t>(a[1].small_value());
  std::uint32_t h = phash2_hash(p.vm(), a[0]);
  return Term::small(static_cast<SWord>(range == (std::uint64_t{1} << 32) ? h : h % range));
}

// ------------------------------------------------------------ binary module

struct Match {
  Word pos, len;
};

// Patterns of binary:match/matches/split/replace: a non-empty binary or a
// non-empty list of non-empty binaries.
bool get_patterns(Term t, std::vector<std::string>& out) {
  std::string scratch;
  if (is_binary(t)) {
    std::string_view b = bin_bytes(t, scratch);
    if (b.empty()) return false;
    out.emplace_back(b);
    return true;
  }
  if (!t.is_list()) return false;
  for (; t.is_list(); t = t.tail()) {
    if (!is_binary(t.head())) return false;
    std::string_view b = bin_bytes(t.head(), scratch);
    if (b.empty()) return false;
    out.emplace_back(b);
  }
  return t.is_nil();
}

// Leftmost match in [from, to); among patterns starting there, the longest.
bool find_match(std::string_view subj, Word from, Word to, const std::vector<std::string>& pats, Match& m) {
  if (pats.size() == 1) {
    const std::string& pat = pats[0];
    if (to < from || to - from < pat.size()) return false;
    std::size_t at = subj.substr(0, to).find(pat, from);
    if (at == std::string_view::npos) return false;
    m = {at, pat.size()};
    return true;
  }
  for (Word i = from; i < to; ++i) {
    Word best = 0;
    for (const std::string& pat : pats)
      if (pat.size() > best && pat.size() <= to - i && subj.compare(i, pat.size(), pat) == 0) best = pat.size();
    if (best) {
      m = {i, best};
      return true;
    }
  }
  return false;
}

struct SearchOpts {
  Word from = 0, to = 0;
  bool global = false, trim = false, trim_all = false;
  std::vector<Word> insert_at;  // binary:replace {insert_replaced, N}
};

// Parse options shared by match/matches/split/replace.
bool parse_search_opts(Term opts, Word size, SearchOpts& o, bool allow_split, bool allow_replace) {
  o.from = 0;
  o.to = size;
  Term l = opts;
  for (; l.is_list(); l = l.tail()) {
    Term e = l.head();
    if (e == atoms::global && (allow_split || allow_replace)) {
      o.global = true;
    } else if (e == atoms::trim && allow_split) {
      o.trim = true;
    } else if (e == atoms::trim_all && allow_split) {
      o.trim_all = true;
    } else if (e.is_tuple() && e.tuple_arity() == 2 && e.element(0) == atoms::scope) {
      Term sc = e.element(1);
      Word s, n;
      if (!sc.is_tuple() || sc.tuple_arity() != 2 || !part_range(sc.element(0), sc.element(1), size, s, n))
        return false;
      o.from = s;
      o.to = s + n;
    } else if (allow_replace && e.is_tuple() && e.tuple_arity() == 2 && e.element(0).is_atom()) {
      // {insert_replaced, N | [N]}: checked against the replacement later.
      Term v = e.element(1);
      Word n;
      o.insert_at.clear();
      if (get_uint(v, n)) {
        o.insert_at.push_back(n);
      } else {
        Term k = v;
        for (; k.is_list(); k = k.tail()) {
          if (!get_uint(k.head(), n)) return false;
          o.insert_at.push_back(n);
        }
        if (!k.is_nil()) return false;
      }
      o.insert_at.push_back(~Word{0});  // marks "option present"
    } else {
      return false;
    }
  }
  return l.is_nil();
}

std::vector<Match> all_matches(std::string_view subj, const std::vector<std::string>& pats, const SearchOpts& o,
                               bool global) {
  std::vector<Match> ms;
  Word at = o.from;
  Match m;
  while (at <= o.to && find_match(subj, at, o.to, pats, m)) {
    ms.push_back(m);
    at = m.pos + m.len;
    if (!global) break;
  }
  return ms;
}

Term binary_match(Process& p, Term subj_t, Term pats_t, Term opts, bool global) {
  std::vector<std::string> pats;
  if (!is_binary(subj_t) || !get_patterns(pats_t, pats)) return p.badarg();
  std::string scratch;
  std::string_view subj = bin_bytes(subj_t, scratch);
  SearchOpts o;
  if (!parse_search_opts(opts, subj.size(), o, false, false)) return p.badarg();
  std::vector<Match> ms = all_matches(subj, pats, o, global);
  auto pos_len = [&](const Match& m) {
    return make_tuple(p, {Term::small(static_cast<SWord>(m.pos)), Term::small(static_cast<SWord>(m.len))});
  };
  if (!global) return ms.empty() ? atoms::nomatch : pos_len(ms[0]);
  std::vector<Term> items;
  for (const Match& m : ms) items.push_back(pos_len(m));
  return make_list(p, items);
}

Term bif_bin_match_2(Process& p, const Term* a) { return binary_match(p, a[0], a[1], kNil, false); }
Term bif_bin_match_3(Process& p, const Term* a) { return binary_match(p, a[0], a[1], a[2], false); }
Term bif_bin_matches_2(Process& p, const Term* a) { return binary_match(p, a[0], a[1], kNil, true); }
Term bif_bin_matches_3(Process& p, const Term* a) { return binary_match(p, a[0], a[1], a[2], true); }

Term binary_split(Process& p, Term subj_t, Term pats_t, Term opts) {
  std::vector<std::string> pats;
  if (!is_binary(subj_t) || !get_patterns(pats_t, pats)) return p.badarg();
  std::string scratch;
  std::string_view subj = bin_bytes(subj_t, scratch);
  SearchOpts o;
  if (!parse_search_opts(opts, subj.size(), o, true, false)) return p.badarg();
  std::vector<Match> ms = all_matches(subj, pats, o, o.global);
  std::vector<std::pair<Word, Word>> parts;
  Word prev = 0;
  for (const Match& m : ms) {
    parts.push_back({prev, m.pos - prev});
    prev = m.pos + m.len;
  }
  parts.push_back({prev, subj.size() - prev});
  if (o.trim_all) {
    std::erase_if(parts, [](const auto& pr) { return pr.second == 0; });
  } else if (o.trim) {
    while (!parts.empty() && parts.back().second == 0) parts.pop_back();
  }
  std::vector<Term> items;
  for (const auto& [off, len] : parts) items.push_back(make_sub(p, subj_t, off, len));
  return make_list(p, items);
}

Term bif_bin_split_2(Process& p, const Term* a) { return binary_split(p, a[0], a[1], kNil); }
Term bif_bin_split_3(Process& p, const Term* a) { return binary_split(p, a[0], a[1], a[2]); }

Term binary_replace(Process& p, Term subj_t, Term pats_t, Term rep_t, Term opts) {
  std::vector<std::string> pats;
  if (!is_binary(subj_t) || !get_patterns(pats_t, pats) || !is_binary(rep_t)) return p.badarg();
  std::string s1, s2;
  std::string_view subj = bin_bytes(subj_t, s1);
  std::string_view rep = bin_bytes(rep_t, s2);
  SearchOpts o;
  if (!parse_search_opts(opts, subj.size(), o, false, true)) return p.badarg();
  std::vector<Word> ins;
  if (!o.insert_at.empty()) {
    ins.assign(o.insert_at.begin(), o.insert_at.end() - 1);
    for (Word n : ins)
      if (n > rep.size()) return p.badarg();
    std::sort(ins.begin(), ins.end());
  }
  std::vector<Match> ms = all_matches(subj, pats, o, o.global);
  std::string out;
  Word prev = 0;
  for (const Match& m : ms) {
    out.append(subj.substr(prev, m.pos - prev));
    std::string_view matched = subj.substr(m.pos, m.len);
    std::size_t k = 0;
    for (Word i = 0; i <= rep.size(); ++i) {
      while (k < ins.size() && ins[k] == i) { out.append(matched); ++k; }
      if (i < rep.size()) out.push_back(rep[i]);
    }
    prev = m.pos + m.len;
  }
  out.append(subj.substr(prev));
  return make_bin(p, out);
}

Term bif_bin_replace_3(Process& p, const Term* a) { return binary_replace(p, a[0], a[1], a[2], kNil); }
Term bif_bin_replace_4(Process& p, const Term* a) { return binary_replace(p, a[0], a[1], a[2], a[3]); }

Term bif_bin_at(Process& p, const Term* a) {
  Word pos;
  if (!is_binary(a[0]) || !get_uint(a[1], pos)) return p.badarg();
  std::string scratch;
  std::string_view b = bin_bytes(a[0], scratch);
  if (pos >= b.size()) return p.badarg();
  return Term::small(static_cast<unsigned char>(b[pos]));
}

Term bif_bin_first(Process& p, const Term* a) {
  if (!is_binary(a[0])) return p.badarg();
  std::string scratch;
  std::string_view b = bin_bytes(a[0], scratch);
  if (b.empty()) return p.badarg();
  return Term::small(static_cast<unsigned char>(b.front()));
}

Term bif_bin_last(Process& p, const Term* a) {
  if (!is_binary(a[0])) return p.badarg();
  std::string scratch;
  std::string_view b = bin_bytes(a[0], scratch);
  if (b.empty()) return p.badarg();
  return Term::small(static_cast<unsigned char>(b.back()));
}

Term bin_copy(Process& p, Term bin, Term n_t) {
  Word n;
  if (!is_binary(bin) || !get_uint(n_t, n)) return p.badarg();
  std::string scratch;
  std::string_view b = bin_bytes(bin, scratch);
  if (!b.empty() && n > (Word{1} << 40) / b.size()) return p.system_limit();
  unsigned char* data;
  Term out = make_binary_uninit(p, b.size() * n, &data);
  for (Word i = 0; i < n; ++i) std::memcpy(data + i * b.size(), b.data(), b.size());
  return out;
}

Term bif_bin_copy_1(Process& p, const Term* a) { return bin_copy(p, a[0], Term::small(1)); }
Term bif_bin_copy_2(Process& p, const Term* a) { return bin_copy(p, a[0], a[1]); }

Term bin_to_list_range(Process& p, Term bin, Term s, Term l) {
  if (!is_binary(bin)) return p.badarg();
  std::string scratch;
  std::string_view b = bin_bytes(bin, scratch);
  Word start, len;
  if (!part_range(s, l, b.size(), start, len)) return p.badarg();
  return make_byte_list(p, b.substr(start, len));
}

Term bif_bin_to_list_1(Process& p, const Term* a) { return bif_binary_to_list_1(p, a); }
Term bif_bin_to_list_2(Process& p, const Term* a) {
  if (!a[1].is_tuple() || a[1].tuple_arity() != 2) return p.badarg();
  return bin_to_list_range(p, a[0], a[1].element(0), a[1].element(1));
}
Term bif_bin_to_list_3(Process& p, const Term* a) { return bin_to_list_range(p, a[0], a[1], a[2]); }

// big -> false, little -> true.
bool get_endian(Term t, bool& little) {
  if (t == atoms::big) { little = false; return true; }
  if (t == atoms::little) { little = true; return true; }
  return false;
}

Term decode_unsigned(Process& p, Term bin, Term endian) {
  bool little;
  if (!is_binary(bin) || !get_endian(endian, little)) return p.badarg();
  std::string scratch;
  std::string_view b = bin_bytes(bin, scratch);
  std::string le(b);
  if (!little) std::reverse(le.begin(), le.end());
  return integer_from_le(p, reinterpret_cast<const unsigned char*>(le.data()), le.size());
}

Term bif_decode_unsigned_1(Process& p, const Term* a) { return decode_unsigned(p, a[0], atoms::big); }
Term bif_decode_unsigned_2(Process& p, const Term* a) { return decode_unsigned(p, a[0], a[1]); }

Term encode_unsigned(Process& p, Term n, Term endian) {
  bool little;
  if (!get_endian(endian, little)) return p.badarg();
  std::string le;
  if (n.is_small() && n.small_value() >= 0) {
    Word v = static_cast<Word>(n.small_value());
    do { le.push_back(static_cast<char>(v & 0xff)); v >>= 8; } while (v);
  } else if (n.is_box_of(BoxKind::PosBig)) {
    Word* obj = n.box_ptr();
    Word limbs = header_arity(obj[0]);
    for (Word i = 0; i < limbs; ++i)
      for (int k = 0; k < 8; ++k) le.push_back(static_cast<char>((obj[1 + i] >> (8 * k)) & 0xff));
    while (le.size() > 1 && le.back() == 0) le.pop_back();
  } else {
    return p.badarg();
  }
  if (!little) std::reverse(le.begin(), le.end());
  return make_bin(p, le);
}

Term bif_encode_unsigned_1(Process& p, const Term* a) { return encode_unsigned(p, a[0], atoms::big); }
Term bif_encode_unsigned_2(Process& p, const Term* a) { return encode_unsigned(p, a[0], a[1]); }

// Common prefix (or suffix) length of a non-empty list of binaries.
Term longest_common(Process& p, Term list, bool suffix) {
  std::vector<std::string> bins;
  Term l = list;
  std::string scratch;
  for (; l.is_list(); l = l.tail()) {
    if (!is_binary(l.head())) return p.badarg();
    bins.emplace_back(bin_bytes(l.head(), scratch));
  }
  if (!l.is_nil() || bins.empty()) return p.badarg();
  Word n = bins[0].size();
  for (const std::string& b : bins) {
    Word k = 0;
    Word lim = std::min<Word>(n, b.size());
    if (suffix) {
      while (k < lim && b[b.size() - 1 - k] == bins[0][bins[0].size() - 1 - k]) ++k;
    } else {
      while (k < lim && b[k] == bins[0][k]) ++k;
    }
    n = k;
  }
  return Term::small(static_cast<SWord>(n));
}

Term bif_lcp(Process& p, const Term* a) { return longest_common(p, a[0], false); }
Term bif_lcs(Process& p, const Term* a) { return longest_common(p, a[0], true); }

Term bif_referenced_byte_size(Process& p, const Term* a) {
  if (!is_binary(a[0])) return p.badarg();
  Word* obj = a[0].box_ptr();
  Term original = header_kind(obj[0]) == BoxKind::SubBin ? Term::from_raw(obj[3]) : a[0];
  return Term::small(static_cast<SWord>(bit_view(original).byte_size()));
}

Term bif_bin_list_to_bin(Process& p, const Term* a) { return bif_list_to_binary(p, a); }

// ------------------------------------------------------------ unicode module

enum class Enc { Latin1, Utf8, Utf16Big, Utf16Little, Utf32Big, Utf32Little };

bool get_encoding(Term t, Enc& e) {
  if (t == atoms::latin1) { e = Enc::Latin1; return true; }
  if (t == atoms::utf8 || t == atoms::unicode) { e = Enc::Utf8; return true; }
  if (t == atoms::utf16) { e = Enc::Utf16Big; return true; }
  if (t == atoms::utf32) { e = Enc::Utf32Big; return true; }
  if (t.is_tuple() && t.tuple_arity() == 2) {
    bool little;
    if (!get_endian(t.element(1), little)) return false;
    if (t.element(0) == atoms::utf16) { e = little ? Enc::Utf16Little : Enc::Utf16Big; return true; }
    if (t.element(0) == atoms::utf32) { e = little ? Enc::Utf32Little : Enc::Utf32Big; return true; }
  }
  return false;
}

enum class ConvStatus { Ok, Error, Incomplete, Badarg };

struct ConvResult {
  ConvStatus status = ConvStatus::Ok;
  Term rest = kNil;
};

// One character of a binary in encoding `in` at u[i] (n bytes in all), as
// utf8::decode: Incomplete when the bytes end inside a character (an odd
// byte of UTF-16, a high surrogate without its pair, less than 4 bytes of
// UTF-32), Invalid for a lone low surrogate, a high one followed by no low
// one, or a UTF-32 value that is a surrogate or past U+10FFFF.
utf8::Decode decode_in(Enc in, const unsigned char* u, std::size_t n, std::size_t i, std::uint32_t& cp,
                       std::size_t& len) {
  switch (in) {
    case Enc::Latin1:
      cp = u[i];
      len = 1;
      return utf8::Decode::Ok;
    case Enc::Utf8:
      return utf8::decode(u, n, i, cp, len);
    case Enc::Utf16Big:
    case Enc::Utf16Little: {
      bool big = in == Enc::Utf16Big;
      auto unit = [&](std::size_t at) {
        return big ? (std::uint32_t{u[at]} << 8) | u[at + 1] : (std::uint32_t{u[at + 1]} << 8) | u[at];
      };
      if (n - i < 2) return utf8::Decode::Incomplete;
      std::uint32_t hi = unit(i);
      if (hi >= 0xDC00 && hi <= 0xDFFF) return utf8::Decode::Invalid;
      if (hi < 0xD800 || hi > 0xDBFF) {
        cp = hi;
        len = 2;
        return utf8::Decode::Ok;
      }
      if (n - i < 4) return utf8::Decode::Incomplete;
      std::uint32_t lo = unit(i + 2);
      if (lo < 0xDC00 || lo > 0xDFFF) return utf8::Decode::Invalid;
      cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
      len = 4;
      return utf8::Decode::Ok;
    }
    case Enc::Utf32Big:
    case Enc::Utf32Little: {
      if (n - i < 4) return utf8::Decode::Incomplete;
      cp = 0;
      for (int k = 0; k < 4; ++k) {
        int shift = in == Enc::Utf32Big ? 24 - 8 * k : 8 * k;
        cp |= std::uint32_t{u[i + static_cast<std::size_t>(k)]} << shift;
      }
      len = 4;
      return utf8::valid_code_point(cp) ? utf8::Decode::Ok : utf8::Decode::Invalid;
    }
  }
  return utf8::Decode::Invalid;
}

// Walk chardata, feeding code points to `emit` (which returns false when the
// output encoding cannot hold the character). Input binaries are in `in`.
//
// The binaries form one byte stream: bytes a binary leaves over (a
// character cut short) wait for the next binary wherever it is, inside or
// after nested lists. On error/incomplete, `rest` is built like OTP's: the
// failing element and its list tail, consed onto each enclosing list's
// remaining tail ("wrap"); bytes still waiting at the end are `incomplete`
// with the bare binary as the rest. Where OTP's BIF (UTF-8 or Latin-1 in,
// a list or UTF-8 out) and its Erlang code for every other pair of
// encodings (unicode.erl) build different rests, `stream` (the latter)
// says which: an integer or a binary that cannot go on from the
// waiting bytes is an error at those bytes, [Bytes, Wrapped] for UTF-8 and
// Wrapped with Bytes consed in front for UTF-16/32; a bad integer is
// [Bad | Tail] for UTF-8, [[Bad] | Tail] for UTF-16/32.
template <typename Emit>
ConvResult walk_chardata(Process& p, Term data, Enc in, bool stream, Emit emit) {
  ConvResult r;
  std::vector<Term> tails;
  auto wrap = [&](Term inner) {
    for (std::size_t i = tails.size(); i-- > 0;) inner = make_cons(p, inner, tails[i]);
    return inner;
  };
  std::string pending;
  auto fail = [&](ConvStatus st, Term inner) {
    r.status = st;
    r.rest = wrap(inner);
    return false;
  };
  // The waiting bytes cannot go on with what comes at `cell` (a list cell,
  // or a binary that is a list's tail).
  auto fail_pending = [&](Term cell) {
    Term bytes = make_bin(p, pending);
    if (stream) return fail(ConvStatus::Error, make_cons(p, bytes, cell));
    r.status = ConvStatus::Error;
    r.rest = make_cons(p, bytes, make_cons(p, wrap(cell), kNil));
    return false;
  };
  // Decode binary `bin`; `cell` is the list cell that holds it, or kNonValue
  // when the binary is the whole input or a list's tail (then `tail_bin` is
  // true for the latter). Returns false with r set on an error.
  auto do_binary = [&](Term bin, Term cell) {
    std::string scratch;
    std::string_view b = bin_bytes(bin, scratch);
    Term tail = cell.is_non_value() ? kNonValue : cell.tail();
    // [Bytes, Remaining | Tail], or the bare bytes when there is no list.
    auto rest_at = [&](std::string_view bytes, std::string_view remaining, bool split) {
      Term head = make_bin(p, bytes);
      if (tail.is_non_value() && !split) return head;
      Term after = tail.is_non_value() ? kNil : tail;
      if (split) after = make_cons(p, make_bin(p, remaining), after);
      return make_cons(p, head, after);
    };
    const auto* u = reinterpret_cast<const unsigned char*>(b.data());
    std::size_t i = 0;
    if (!pending.empty()) {
      // Finish the character the waiting bytes began.
      std::string joined = pending + std::string(b);
      const auto* j = reinterpret_cast<const unsigned char*>(joined.data());
      std::uint32_t cp;
      std::size_t len = 1;
      utf8::Decode d = decode_in(in, j, joined.size(), 0, cp, len);
      if (d == utf8::Decode::Incomplete) {
        pending = std::move(joined);
        return true;
      }
      if (d == utf8::Decode::Invalid && !stream) return fail_pending(cell.is_non_value() ? bin : cell);
      if (d == utf8::Decode::Invalid) {
        // UTF-16/32: the unit that failed, then what is left of this binary.
        std::size_t unit = in == Enc::Utf32Big || in == Enc::Utf32Little ? 4 : 2;
        if (unit == 2 && joined.size() >= 2) {
          std::uint32_t hi = in == Enc::Utf16Big ? (std::uint32_t{j[0]} << 8) | j[1] : (std::uint32_t{j[1]} << 8) | j[0];
          if (hi >= 0xD800 && hi <= 0xDBFF) unit = 4;
        }
        std::size_t k = std::min(b.size(), unit > pending.size() ? unit - pending.size() : 0);
        std::string unit_bytes = pending + std::string(b.substr(0, k));
        pending.clear();
        return fail(ConvStatus::Error, rest_at(unit_bytes, b.substr(k), true));
      }
      std::size_t k = len - pending.size();  // bytes of this binary the character took
      if (!emit(cp)) {
        std::string char_bytes = pending + std::string(b.substr(0, k));
        pending.clear();
        return fail(ConvStatus::Error, rest_at(char_bytes, b.substr(k), true));
      }
      pending.clear();
      i = k;
    }
    while (i < b.size()) {
      std::uint32_t cp;
      std::size_t len = 1;
      utf8::Decode d = decode_in(in, u, b.size(), i, cp, len);
      if (d == utf8::Decode::Incomplete) {
        pending.assign(b.substr(i));
        return true;
      }
      if (d != utf8::Decode::Ok || !emit(cp)) return fail(ConvStatus::Error, rest_at(b.substr(i), {}, false));
      i += len;
    }
    return true;
  };
  // Input over: bytes still waiting make it incomplete.
  auto finish = [&]() {
    if (!pending.empty()) {
      r.status = ConvStatus::Incomplete;
      r.rest = make_bin(p, pending);
    }
    return r;
  };
  Term t = data;
  if (is_binary(t)) {
    if (do_binary(t, kNonValue)) return finish();
    return r;
  }
  if (!t.is_list() && !t.is_nil()) {
    r.status = ConvStatus::Badarg;
    return r;
  }
  for (;;) {
    if (t.is_list()) {
      Term h = t.head();
      if (h.is_small()) {
        if (!pending.empty()) {
          fail_pending(t);
          return r;
        }
        SWord c = h.small_value();
        bool valid = in == Enc::Latin1 ? (c >= 0 && c <= 255) : utf8::valid_code_point(c);
        if (!valid) {
          fail(ConvStatus::Error, stream ? make_cons(p, make_cons(p, h, kNil), t.tail()) : t);
          return r;
        }
        if (!emit(static_cast<std::uint32_t>(c))) {
          fail(ConvStatus::Error, make_cons(p, make_cons(p, h, kNil), t.tail()));
          return r;
        }
        t = t.tail();
      } else if (h.is_list() || h.is_nil()) {
        tails.push_back(t.tail());
        t = h;
      } else if (is_binary(h)) {
        if (!do_binary(h, t)) return r;
        t = t.tail();
      } else {
        r.status = ConvStatus::Badarg;
        return r;
      }
    } else if (t.is_nil()) {
      if (tails.empty()) return finish();
      t = tails.back();
      tails.pop_back();
    } else if (is_binary(t)) {
      if (!do_binary(t, kNonValue)) return r;
      t = kNil;
    } else {
      r.status = ConvStatus::Badarg;
      return r;
    }
  }
}

// Append a code point in an output encoding; false if it cannot be encoded.
bool encode_char(std::string& out, std::uint32_t cp, Enc e) {
  switch (e) {
    case Enc::Latin1:
      if (cp > 255) return false;
      out.push_back(static_cast<char>(cp));
      return true;
    case Enc::Utf8:
      utf8::append(out, cp);
      return true;
    case Enc::Utf16Big:
    case Enc::Utf16Little: {
      auto unit = [&](std::uint32_t u) {
        char hi = static_cast<char>(u >> 8), lo = static_cast<char>(u & 0xff);
        if (e == Enc::Utf16Big) { out.push_back(hi); out.push_back(lo); }
        else { out.push_back(lo); out.push_back(hi); }
      };
      if (cp < 0x10000) {
        unit(cp);
      } else {
        cp -= 0x10000;
        unit(0xD800 | (cp >> 10));
        unit(0xDC00 | (cp & 0x3FF));
      }
      return true;
    }
    case Enc::Utf32Big:
    case Enc::Utf32Little:
      for (int k = 0; k < 4; ++k) {
        int shift = e == Enc::Utf32Big ? 24 - 8 * k : 8 * k;
        out.push_back(static_cast<char>((cp >> shift) & 0xff));
      }
      return true;
  }
  return false;
}

Term conv_result(Process& p, const ConvResult& r, Term converted) {
  switch (r.status) {
    case ConvStatus::Ok: return converted;
    case ConvStatus::Error: return make_tuple(p, {atoms::error, converted, r.rest});
    case ConvStatus::Incomplete: return make_tuple(p, {p.vm().atoms().intern("incomplete"), converted, r.rest});
    case ConvStatus::Badarg: break;
  }
  return p.badarg();
}

Term characters_to_binary(Process& p, Term data, Term in_t, Term out_t) {
  Enc in, out_enc;
  if (!get_encoding(in_t, in) || !get_encoding(out_t, out_enc)) return p.badarg();
  std::string out;
  bool bif_path = (in == Enc::Utf8 || in == Enc::Latin1) && out_enc == Enc::Utf8;
  ConvResult r =
      walk_chardata(p, data, in, !bif_path, [&](std::uint32_t cp) { return encode_char(out, cp, out_enc); });
  if (r.status == ConvStatus::Badarg) return p.badarg();
  // OTP's UTF-8 to UTF-8 BIF gives a rest that is one binary in a list as
  // the bare binary ([<<255>>] -> <<255>>); characters_to_list/2 keeps the list.
  if (bif_path && r.status != ConvStatus::Ok && r.rest.is_list() && r.rest.tail().is_nil() &&
      is_binary(r.rest.head())) {
    r.rest = r.rest.head();
  }
  return conv_result(p, r, make_bin(p, out));
}

Term bif_chars_to_binary_1(Process& p, const Term* a) { return characters_to_binary(p, a[0], atoms::unicode, atoms::unicode); }
Term bif_chars_to_binary_2(Process& p, const Term* a) { return characters_to_binary(p, a[0], a[1], atoms::unicode); }
Term bif_chars_to_binary_3(Process& p, const Term* a) { return characters_to_binary(p, a[0], a[1], a[2]); }

Term characters_to_list(Process& p, Term data, Term in_t) {
  Enc in;
  if (!get_encoding(in_t, in)) return p.badarg();
  std::vector<Term> chars;
  bool bif_path = in == Enc::Utf8 || in == Enc::Latin1;
  ConvResult r = walk_chardata(p, data, in, !bif_path, [&](std::uint32_t cp) {
    chars.push_back(Term::small(cp));
    return true;
  });
  if (r.status == ConvStatus::Badarg) return p.badarg();
  return conv_result(p, r, make_list(p, chars));
}

Term bif_chars_to_list_1(Process& p, const Term* a) { return characters_to_list(p, a[0], atoms::unicode); }
Term bif_chars_to_list_2(Process& p, const Term* a) { return characters_to_list(p, a[0], a[1]); }

constexpr BifSpec kBinaryBifs[] = {
    {"erlang", "byte_size", 1, bif_byte_size, true},
    {"erlang", "bit_size", 1, bif_bit_size, true},
    {"erlang", "binary_part", 2, bif_binary_part_2, true},
    {"erlang", "binary_part", 3, bif_binary_part_3, true},
    {"erlang", "split_binary", 2, bif_split_binary, false},
    {"erlang", "list_to_binary", 1, bif_list_to_binary, false, kMayTrap},
    {"erlang", "iolist_to_binary", 1, bif_iolist_to_binary, false, kMayTrap},
    {"erlang", "iolist_size", 1, bif_iolist_size, false, kMayTrap},
    {"erlang", "binary_to_list", 1, bif_binary_to_list_1, false, kMayTrap},
    {"erlang", "binary_to_list", 3, bif_binary_to_list_3, false, kMayTrap},
    {"erlang", "bitstring_to_list", 1, bif_bitstring_to_list, false},
    {"erlang", "list_to_bitstring", 1, bif_list_to_bitstring, false, kMayTrap},
    {"erlang", "atom_to_binary", 1, bif_atom_to_binary_1, false},
    {"erlang", "atom_to_binary", 2, bif_atom_to_binary_2, false},
    {"erlang", "binary_to_atom", 1, bif_binary_to_atom_1, false},
    {"erlang", "binary_to_atom", 2, bif_binary_to_atom_2, false},
    {"erlang", "binary_to_existing_atom", 1, bif_binary_to_existing_atom_1, false},
    {"erlang", "binary_to_existing_atom", 2, bif_binary_to_existing_atom_2, false},
    {"erlang", "atom_to_list", 1, bif_atom_to_list, false},
    {"erlang", "list_to_atom", 1, bif_list_to_atom, false},
    {"erlang", "list_to_existing_atom", 1, bif_list_to_existing_atom, false},
    {"erlang", "$iodata", 2, bif_iodata_continue, false},
    {"erlang", "$binary_to_list", 4, bif_binary_to_list_continue, false},
    {"erlang", "$term_to_binary", 3, bif_term_to_binary_continue, false},
    {"erlang", "$binary_to_term", 3, bif_binary_to_term_continue, false},
    {"erlang", "term_to_binary", 1, bif_term_to_binary_1, false, kMayTrap},
    {"erlang", "term_to_binary", 2, bif_term_to_binary_2, false, kMayTrap},
    {"erlang", "binary_to_term", 1, bif_binary_to_term_1, false, kMayTrap},
    {"erlang", "binary_to_term", 2, bif_binary_to_term_2, false, kMayTrap},
    {"erlang", "external_size", 1, bif_external_size_1, false},
    {"erlang", "external_size", 2, bif_external_size_2, false},
    {"erlang", "phash2", 1, bif_phash2_1, false},
    {"erlang", "phash2", 2, bif_phash2_2, false},
    {"binary", "match", 2, bif_bin_match_2, false},
    {"binary", "match", 3, bif_bin_match_3, false},
    {"binary", "matches", 2, bif_bin_matches_2, false},
    {"binary", "matches", 3, bif_bin_matches_3, false},
    {"binary", "split", 2, bif_bin_split_2, false},
    {"binary", "split", 3, bif_bin_split_3, false},
    {"binary", "replace", 3, bif_bin_replace_3, false},
    {"binary", "replace", 4, bif_bin_replace_4, false},
    {"binary", "part", 2, bif_binary_part_2, false},
    {"binary", "part", 3, bif_binary_part_3, false},
    {"binary", "at", 2, bif_bin_at, false},
    {"binary", "first", 1, bif_bin_first, false},
    {"binary", "last", 1, bif_bin_last, false},
    {"binary", "copy", 1, bif_bin_copy_1, false},
    {"binary", "copy", 2, bif_bin_copy_2, false},
    {"binary", "bin_to_list", 1, bif_bin_to_list_1, false},
    {"binary", "bin_to_list", 2, bif_bin_to_list_2, false},
    {"binary", "bin_to_list", 3, bif_bin_to_list_3, false},
    {"binary", "list_to_bin", 1, bif_bin_list_to_bin, false},
    {"binary", "decode_unsigned", 1, bif_decode_unsigned_1, false},
    {"binary", "decode_unsigned", 2, bif_decode_unsigned_2, false},
    {"binary", "encode_unsigned", 1, bif_encode_unsigned_1, false},
    {"binary", "encode_unsigned", 2, bif_encode_unsigned_2, false},
    {"binary", "longest_common_prefix", 1, bif_lcp, false},
    {"binary", "longest_common_suffix", 1, bif_lcs, false},
    {"binary", "referenced_byte_size", 1, bif_referenced_byte_size, false},
    {"unicode", "characters_to_binary", 1, bif_chars_to_binary_1, false},
    {"unicode", "characters_to_binary", 2, bif_chars_to_binary_2, false},
    {"unicode", "characters_to_binary", 3, bif_chars_to_binary_3, false},
    {"unicode", "characters_to_list", 1, bif_chars_to_list_1, false},
    {"unicode", "characters_to_list", 2, bif_chars_to_list_2, false},
};

}  // namespace

bool iodata_bytes(Term t, std::string& out) {
  Word bits = 0;
  return collect_iodata(t, IoMode::Bytes, out, bits);
}

std::span<const BifSpec> bifs_binary() { return kBinaryBifs; }

}  // namespace girder::vm
