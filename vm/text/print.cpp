// Term writer (~w) and pretty printer (~p). See print.h for the invariants.
//
// The pretty printer works like OTP's io_lib_pretty, in two passes:
//  1. build: the term becomes a tree of Nodes, each knowing the length of its
//     flat text. Leaves (atoms, numbers, strings, binaries...) hold their text
//     in one shared buffer. Depth limits (~P) are applied here.
//  2. layout: a node that fits on the rest of the line is written flat;
//     otherwise its elements go one after another, packing leaves on a line
//     while they fit and starting a new line, aligned under the first
//     element, for anything that does not fit or is itself compound. Tagged
//     tuples ({atom, ...}) align their elements after the tag when there is
//     room; `tind` chooses how (see choose_tind()).
// The inequalities (strict or not, how many closing brackets must fit) were
// pinned against OTP 25 output; tests/unit/vm/test_print.cpp holds the cases.
#include "vm/text/print.h"

#include <pthread.h>

#include <algorithm>
#include <cstdio>

#include "vm/exec/code.h"
#include "vm/term/atom.h"
#include "vm/term/bignum.h"
#include "vm/term/build.h"
#include "vm/term/compare.h"
#include "vm/term/map.h"
#include "vm/vm.h"

#include "vm/term/utf8.h"
#include "vm/text/float_format.h"

namespace girder::vm {

// ---- UTF-8 -------------------------------------------------------------------

std::string to_utf8(const std::u32string& s) {
  std::string out;
  out.reserve(s.size());
  for (char32_t c : s) utf8::append(out, c);
  return out;
}

namespace {

void put(std::u32string& out, std::string_view ascii) {
  for (char c : ascii) out.push_back(static_cast<unsigned char>(c));
}



bool latin1_printable(SWord c) {
  return (c >= 32 && c <= 126) || (c >= 160 && c <= 255) || (c >= 8 && c <= 13) || c == 27;
}

// One character inside a quoted string or atom (io_lib:write_string rules).
void put_quoted_char(std::u32string& out, char32_t c, char32_t quote, bool unicode) {
  if (c == quote || c == U'\\') {
    out.push_back(U'\\');
    out.push_back(c);
    return;
  }
  if ((c >= 32 && c <= 126) || (c >= 160 && (unicode || c <= 255))) {
    out.push_back(c);
    return;
  }
  switch (c) {
    case U'\n': put(out, "\\n"); return;
    case U'\r': put(out, "\\r"); return;
    case U'\t': put(out, "\\t"); return;
    case 11: put(out, "\\v"); return;
    case 8: put(out, "\\b"); return;
    case 12: put(out, "\\f"); return;
    case 27: put(out, "\\e"); return;
    case 127: put(out, "\\d"); return;
    default: break;
  }
  if (c < 160) {
    out.push_back(U'\\');
    out.push_back(U'0' + ((c >> 6) & 7));
    out.push_back(U'0' + ((c >> 3) & 7));
    out.push_back(U'0' + (c & 7));
    return;
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "\\x{%X}", static_cast<unsigned>(c));
  put(out, buf);
}

void put_quoted(std::u32string& out, const char32_t* s, std::size_t n, char32_t quote, bool unicode) {
  out.push_back(quote);
  for (std::size_t i = 0; i < n; ++i) put_quoted_char(out, s[i], quote, unicode);
  out.push_back(quote);
}

bool latin1_lower(char32_t c) { return (c >= U'a' && c <= U'z') || (c >= 0xDF && c <= 0xFF && c != 0xF7); }
bool atom_name_char(char32_t c) {
  return latin1_lower(c) || (c >= U'A' && c <= U'Z') || (c >= U'0' && c <= U'9') || c == U'_' ||
         c == U'@' || (c >= 0xC0 && c <= 0xDE && c != 0xD7);
}

bool reserved_word(const std::u32string& s) {
  static constexpr std::string_view kWords[] = {
      "after", "and", "andalso", "band", "begin", "bnot", "bor", "bsl", "bsr", "bxor",
      "case", "catch", "cond", "div", "end", "fun", "if", "let", "not", "of",
      "or", "orelse", "receive", "rem", "try", "when", "xor"};
  if (s.size() > 7) return false;
  for (std::string_view w : kWords) {
    if (w.size() != s.size()) continue;
    bool eq = true;
    for (std::size_t i = 0; i < w.size() && eq; ++i) eq = s[i] == static_cast<char32_t>(w[i]);
    if (eq) return true;
  }
  return false;
}

bool atom_needs_quotes(const std::u32string& s) {
  if (s.empty() || !latin1_lower(s[0])) return true;
  for (char32_t c : s)
    if (!atom_name_char(c)) return true;
  return reserved_word(s);
}

void put_integer(std::u32string& out, Term t) {
  if (t.is_small()) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(t.small_value()));
    put(out, buf);
  } else {
    put(out, int_to_string(t, 10));
  }
}

void put_atom(const VM& vm, Term atom, bool unicode, std::u32string& out) {
  std::u32string name = utf8::decode_lenient(vm.atoms().name(atom));
  if (atom_needs_quotes(name)) {
    put_quoted(out, name.data(), name.size(), U'\'', unicode);
  } else {
    out += name;
  }
}

// Leaves that are never compound: numbers, pids, ports, refs, funs.
void put_simple(const VM& vm, Term t, bool unicode, std::u32string& out) {
  char buf[96];
  if (t.is_integer()) {
    put_integer(out, t);
  } else if (t.is_float()) {
    put(out, format_float_short(t.float_value()));
  } else if (t.is_atom()) {
    put_atom(vm, t, unicode, out);
  } else if (t.is_pid()) {
    std::snprintf(buf, sizeof buf, "<0.%llu.0>", static_cast<unsigned long long>(t.pid_index()));
    put(out, buf);
  } else if (t.is_port()) {
    std::snprintf(buf, sizeof buf, "#Port<0.%llu>", static_cast<unsigned long long>(t.port_index()));
    put(out, buf);
  } else if (t.is_ref()) {
    // Any stable mapping of the id words will do; OTP's numbers are not ours.
    const Word* w = t.box_ptr() + 1;
    std::snprintf(buf, sizeof buf, "#Ref<0.%llu.%llu.%llu>",
                  static_cast<unsigned long long>(w[1] & 0xFFFFFFFFu),
                  static_cast<unsigned long long>(w[0] >> 32),
                  static_cast<unsigned long long>(w[0] & 0xFFFFFFFFu));
    put(out, buf);
  } else if (t.is_box_of(BoxKind::Fun)) {
    const auto* fe = reinterpret_cast<const FunEntry*>(t.box_ptr()[1]);
    put(out, "#Fun<");
    out += utf8::decode_lenient(vm.atoms().name(fe->module));
    std::snprintf(buf, sizeof buf, ".%llu.%llu>", static_cast<unsigned long long>(fe->index),
                  static_cast<unsigned long long>(fe->uniq));
    put(out, buf);
  } else if (t.is_box_of(BoxKind::Export)) {
    const auto* ee = reinterpret_cast<const ExportEntry*>(t.box_ptr()[1]);
    put(out, "fun ");
    put_atom(vm, ee->module, unicode, out);
    out.push_back(U':');
    put_atom(vm, ee->function, unicode, out);
    std::snprintf(buf, sizeof buf, "/%u", ee->arity);
    put(out, buf);
  } else {
    put(out, "<unknown>");
  }
}

// <<1,2,3>> or <<1,2,5:3>> with io_lib:write's depth rule: at most depth-1
// units (bytes, then the trailing bits), then "...".
void put_bits(Term t, SWord depth, std::u32string& out) {
  BitView v = bit_view(t);
  Word nbytes = v.bit_size / 8;
  Word rest = v.bit_size % 8;
  auto byte_at = [&](Word i) -> unsigned {
    if (v.bit_offset == 0) return v.data[i];
    return ((v.data[i] << v.bit_offset) | (v.data[i + 1] >> (8 - v.bit_offset))) & 0xFF;
  };
  put(out, "<<");
  if (depth == 1 && v.bit_size > 0) {
    put(out, "...>>");
    return;
  }
  SWord d = depth;
  char buf[32];
  bool first = true;
  for (Word i = 0; i < nbytes; ++i) {
    if (d == 1) {
      put(out, ",...>>");
      return;
    }
    if (!first) out.push_back(U',');
    first = false;
    std::snprintf(buf, sizeof buf, "%u", byte_at(i));
    put(out, buf);
    --d;
  }
  if (rest) {
    if (d == 1) {
      put(out, ",...>>");
      return;
    }
    // The last `rest` bits, read across a byte boundary if need be.
    Word bitpos = v.bit_offset + nbytes * 8;
    unsigned value = 0;
    for (Word k = 0; k < rest; ++k) {
      Word b = bitpos + k;
      value = (value << 1) | ((v.data[b / 8] >> (7 - b % 8)) & 1);
    }
    if (!first) out.push_back(U',');
    std::snprintf(buf, sizeof buf, "%u:%u", value, static_cast<unsigned>(rest));
    put(out, buf);
  }
  put(out, ">>");
}

// ---- ~w: io_lib:write, iteratively --------------------------------------------

class FlatWriter {
 public:
  FlatWriter(const VM& vm, bool unicode, std::u32string& out) : vm_(vm), unicode_(unicode), out_(out) {}

  void run(Term root, SWord depth) {
    stack_.push_back({Op::Write, root, depth, 0});
    while (!stack_.empty()) {
      Item it = stack_.back();
      stack_.pop_back();
      step(it);
    }
  }

 private:
  enum class Op : std::uint8_t { Write, ListTail, TupleRest, MapRest, Close, Arrow };
  struct Item {
    Op op;
    Term t;
    SWord depth;
    Word index;  // tuple element / map pair index / close char
  };

  void step(const Item& it) {
    switch (it.op) {
      case Op::Write: write(it.t, it.depth); return;
      case Op::Close: out_.push_back(static_cast<char32_t>(it.index)); return;
      case Op::Arrow: put(out_, " => "); return;
      case Op::ListTail: {
        Term t = it.t;
        if (t.is_nil()) return;
        if (it.depth == 1) {
          put(out_, "|...");
          return;
        }
        if (t.is_list()) {
          out_.push_back(U',');
          stack_.push_back({Op::ListTail, t.tail(), it.depth - 1, 0});
          stack_.push_back({Op::Write, t.head(), it.depth - 1, 0});
        } else {
          out_.push_back(U'|');
          stack_.push_back({Op::Write, t, it.depth - 1, 0});
        }
        return;
      }
      case Op::TupleRest: {
        if (it.index >= it.t.tuple_arity()) return;
        if (it.depth == 1) {
          put(out_, ",...");
          return;
        }
        out_.push_back(U',');
        stack_.push_back({Op::TupleRest, it.t, it.depth - 1, it.index + 1});
        stack_.push_back({Op::Write, it.t.element(it.index), it.depth - 1, 0});
        return;
      }
      case Op::MapRest: {
        // it.t is unused; it.index packs (map slot << 32 | pair index).
        auto& pairs = maps_[it.index >> 32];
        Word i = it.index & 0xFFFFFFFFu;
        // it.depth counts down per pair; reaching 1 prints ",..." even when
        // no pairs are left (OTP 25's io_lib:write does the same).
        if (i > 0 && it.depth == 1) {
          put(out_, ",...");
          return;
        }
        if (i >= pairs.size()) return;
        if (i > 0) out_.push_back(U',');
        SWord d0 = static_cast<SWord>(map_depths_[it.index >> 32]);
        stack_.push_back({Op::MapRest, Term(), it.depth - 1, it.index + 1});
        stack_.push_back({Op::Write, pairs[i].second, d0, 0});
        stack_.push_back({Op::Arrow, Term(), 0, 0});
        stack_.push_back({Op::Write, pairs[i].first, d0, 0});
        return;
      }
    }
  }

  void write(Term t, SWord d) {
    if (d == 0) {
      put(out_, "...");
      return;
    }
    if (t.is_nil()) {
      put(out_, "[]");
    } else if (t.is_list()) {
      if (d == 1) {
        put(out_, "[...]");
        return;
      }
      out_.push_back(U'[');
      stack_.push_back({Op::Close, Term(), 0, U']'});
      stack_.push_back({Op::ListTail, t.tail(), d - 1, 0});
      stack_.push_back({Op::Write, t.head(), d - 1, 0});
    } else if (t.is_tuple()) {
      if (t.tuple_arity() == 0) {
        put(out_, "{}");
        return;
      }
      if (d == 1) {
        put(out_, "{...}");
        return;
      }
      out_.push_back(U'{');
      stack_.push_back({Op::Close, Term(), 0, U'}'});
      stack_.push_back({Op::TupleRest, t, d - 1, 1});
      stack_.push_back({Op::Write, t.element(0), d - 1, 0});
    } else if (t.is_map()) {
      std::vector<std::pair<Term, Term>> pairs;
      map_to_sorted_pairs(vm_, t, pairs);
      if (pairs.empty()) {
        put(out_, "#{}");
        return;
      }
      if (d == 1) {
        put(out_, "#{...}");
        return;
      }
      put(out_, "#{");
      Word slot = maps_.size();
      maps_.push_back(std::move(pairs));
      map_depths_.push_back(static_cast<Word>(d - 1));
      stack_.push_back({Op::Close, Term(), 0, U'}'});
      stack_.push_back({Op::MapRest, Term(), d, slot << 32});
    } else if (t.is_bitstring()) {
      put_bits(t, d, out_);
    } else {
      put_simple(vm_, t, unicode_, out_);
    }
  }

  const VM& vm_;
  bool unicode_;
  std::u32string& out_;
  std::vector<Item> stack_;
  std::vector<std::vector<std::pair<Term, Term>>> maps_;
  std::vector<Word> map_depths_;  // D0 (depth for keys and values) per map
};

// ---- ~p: io_lib_pretty --------------------------------------------------------

// Bin: a binary shown as bytes (<<1,2,3>>, <<5:3>>); laid out like a list.
enum class NodeKind : std::uint8_t { Leaf, Dots, List, Tuple, Map, Pair, Bin };

struct Node {
  NodeKind kind;
  bool tagged = false;    // tuple whose first element is an atom (size > 1)
  bool improper = false;  // list whose last child is the tail after '|'
  std::size_t len = 0;    // length of the flat text, in characters
  std::size_t a = 0;      // Leaf: text offset; compound: first child in kids_
  std::size_t b = 0;      // Leaf: text length; compound: child count
};

class Pretty {
 public:
  Pretty(const VM& vm, bool unicode, bool strings, std::u32string& out)
      : vm_(vm), unicode_(unicode), strings_(strings), out_(out) {}

  std::size_t build(Term root, SWord depth);
  std::size_t max_nesting() const { return max_nesting_; }
  const Node& node(std::size_t i) const { return nodes_[i]; }

  // Print node `root` starting at 1-based column `col`.
  void print(std::size_t root, long col, long ll) {
    const Node& n = nodes_[root];
    long len = static_cast<long>(n.len);
    // A line length of 0 means "no limit" (~0p).
    if (n.kind == NodeKind::Leaf || ll == 0 || len < ll - col) {
      write(root);
      return;
    }
    long m = len;  // line_max_chars defaults to the term's own length
    long tind = choose_tind(root, col, ll, m);
    pp(root, col, ll, m, tind, col - 1, 0, 0);
  }

 private:
  // -- building --
  std::size_t leaf_from(std::size_t text_begin) {
    nodes_.push_back({NodeKind::Leaf, false, false, text_.size() - text_begin, text_begin,
                      text_.size() - text_begin});
    return nodes_.size() - 1;
  }
  std::size_t leaf(std::string_view ascii) {
    std::size_t begin = text_.size();
    put(text_, ascii);
    return leaf_from(begin);
  }
  std::size_t dots() {
    nodes_.push_back({NodeKind::Dots, false, false, 3, 0, 0});
    return nodes_.size() - 1;
  }
  std::size_t build_binary(Term t, SWord depth);
  std::size_t bin_node(Term t, SWord depth);

  // -- layout (recursion on nesting depth only) --
  bool is_leaf(std::size_t i) const { return nodes_[i].kind == NodeKind::Leaf; }
  bool atm_pair(std::size_t i) const {
    const Node& n = nodes_[i];
    return is_leaf(kids_[n.a]) && is_leaf(kids_[n.a + 1]);
  }
  bool atm(std::size_t i) const {
    return nodes_[i].kind == NodeKind::Pair ? atm_pair(i) : is_leaf(i);
  }
  void write(std::size_t i);
  void pp(std::size_t i, long col, long ll, long m, long tind, long ind, long ld, long w);
  void pp_list(std::size_t first, std::size_t count, bool improper, long col0, long ll, long m,
               long tind, long ind, long ld, char32_t sep, long w);
  void pp_tail(std::size_t first, std::size_t count, bool improper, long col0, long col, long ll,
               long m, long tind, long ind, long ld, char32_t sep, long w);
  long pp_element(std::size_t e, long col, long ll, long m, long tind, long ind, long ld, long w);
  void newline(long ind) {
    out_.push_back(U'\n');
    out_.append(static_cast<std::size_t>(std::max(0L, ind)), U' ');
  }

  // choose_tind(): OTP tries tind = -1 (always hang elements after the tag),
  // then 4, then settles for 1; the first for which every tagged tuple's
  // element column stays within the line (and half of it) wins.
  long choose_tind(std::size_t root, long col, long ll, long m) {
    for (long tind : {-1L, 4L})
      if (cind(root, col, ll, m, tind, 0, 0)) return tind;
    return 1;
  }
  bool cind(std::size_t i, long col, long ll, long m, long tind, long ld, long w);
  bool cind_list(std::size_t first, std::size_t count, bool improper, long col0, long ll, long m,
                 long tind, long ld, long w);
  bool cind_tail(std::size_t first, std::size_t count, bool improper, long col0, long col, long ll,
                 long m, long tind, long ld, long w);
  bool cind_element(std::size_t e, long col, long ll, long m, long tind, long ld, long w, long& width);

  const VM& vm_;
  bool unicode_;
  bool strings_;
  std::u32string& out_;
  std::u32string text_;             // leaf texts
  std::vector<Node> nodes_;
  std::vector<std::size_t> kids_;   // children, contiguous per compound
  std::size_t max_nesting_ = 0;
};

std::size_t Pretty::build_binary(Term t, SWord depth) {
  BitView v = bit_view(t);
  if (v.bit_size == 0) return leaf("<<>>");
  if (depth == 1) return leaf("<<...>>");
  if (strings_ && (v.bit_size & 7) == 0) {
    std::size_t n = v.bit_size / 8;
    std::string bytes(n, '\0');
    for (std::size_t i = 0; i < n; ++i) {
      bytes[i] = static_cast<char>(
          v.bit_offset == 0 ? v.data[i]
                            : ((v.data[i] << v.bit_offset) | (v.data[i + 1] >> (8 - v.bit_offset))));
    }
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    // ~P shows at most 4 * (depth - 1) characters of a printable binary.
    std::size_t limit = depth < 0 ? n : static_cast<std::size_t>(4 * (depth - 1));
    std::u32string chars;
    bool utf8 = false;
    // OTP (io_lib_pretty): with ~tp a binary that is valid UTF-8 is shown as
    // text only if its characters are printable; it is not then retried as
    // latin1 bytes.
    bool utf8_unprintable = false;
    if (unicode_) {
      std::u32string dec;
      if (utf8::decode_strict(p, n, dec)) {
        bool ok = true, wide = false;
        for (std::size_t i = 0; i < dec.size() && i < limit && ok; ++i) {
          ok = latin1_printable(dec[i]);
          wide |= dec[i] > 127;
        }
        if (ok && wide) {
          chars = std::move(dec);
          utf8 = true;
        }
        utf8_unprintable = !ok;
      }
    }
    bool printable = utf8;
    if (!utf8 && !utf8_unprintable) {
      printable = true;
      for (std::size_t i = 0; i < n && i < limit && printable; ++i) printable = latin1_printable(p[i]);
      if (printable) chars.assign(p, p + n);
    }
    if (printable) {
      bool truncated = chars.size() > limit;
      std::size_t shown = truncated ? limit : chars.size();
      std::size_t begin = text_.size();
      put(text_, "<<");
      put_quoted(text_, chars.data(), shown, U'"', unicode_);
      if (truncated) put(text_, "...");
      if (utf8) put(text_, "/utf8");
      put(text_, ">>");
      return leaf_from(begin);
    }
  }
  return bin_node(t, depth);
}

// Bytes (then any trailing bits) as leaf children; io_lib:write's depth rule:
// at most depth-1 of them, then "...".
std::size_t Pretty::bin_node(Term t, SWord depth) {
  BitView v = bit_view(t);
  Word nbytes = v.bit_size / 8;
  Word rest = v.bit_size % 8;
  std::size_t first = kids_.size();
  std::vector<std::size_t> kids;
  std::size_t len = 4;
  SWord d = depth;
  char buf[32];
  auto add = [&](std::size_t node) {
    if (!kids.empty()) len += 1;
    len += nodes_[node].len;
    kids.push_back(node);
  };
  for (Word i = 0; i <= nbytes; ++i) {
    if (i == nbytes && rest == 0) break;
    if (d == 1) {
      add(dots());
      break;
    }
    if (i < nbytes) {
      unsigned b = v.bit_offset == 0 ? v.data[i]
                                     : ((v.data[i] << v.bit_offset) | (v.data[i + 1] >> (8 - v.bit_offset))) & 0xFF;
      std::snprintf(buf, sizeof buf, "%u", b);
    } else {
      Word bitpos = v.bit_offset + nbytes * 8;
      unsigned value = 0;
      for (Word k = 0; k < rest; ++k) {
        Word bit = bitpos + k;
        value = (value << 1) | ((v.data[bit / 8] >> (7 - bit % 8)) & 1);
      }
      std::snprintf(buf, sizeof buf, "%u:%u", value, static_cast<unsigned>(rest));
    }
    add(leaf(buf));
    --d;
  }
  first = kids_.size();
  kids_.insert(kids_.end(), kids.begin(), kids.end());
  nodes_.push_back({NodeKind::Bin, false, false, len, first, kids.size()});
  return nodes_.size() - 1;
}

bool printable_list_of(Term t) {
  for (; t.is_list(); t = t.tail()) {
    Term c = t.head();
    if (!c.is_small() || !latin1_printable(c.small_value())) return false;
  }
  return t.is_nil();
}

// Post-order build with an explicit stack: a frame per open compound collects
// its children's node indexes; when it closes they are copied to kids_.
std::size_t Pretty::build(Term root, SWord depth) {
  struct Frame {
    NodeKind kind;
    Term t;           // list: remaining tail; tuple: the tuple
    Word index;       // tuple: next element; map: next pair
    SWord depth;      // depth of the compound itself
    SWord next;       // depth countdown for the next element (dots at 1)
    std::size_t kids_begin;  // in scratch
    std::size_t pairs;        // map: slot in maps
    bool tagged;
    bool improper;
    int pair_stage;   // Pair frames: 0 key next, 1 value next, 2 done
  };
  std::vector<Frame> frames;
  std::vector<std::size_t> scratch;
  std::vector<std::vector<std::pair<Term, Term>>> maps;
  std::size_t result = 0;

  // Either produces a node now (returns true, node in `out`) or opens a frame.
  auto start = [&](Term t, SWord d, std::size_t& out) -> bool {
    if (d == 0) { out = leaf("..."); return true; }
    if (t.is_nil()) { out = leaf("[]"); return true; }
    if (t.is_atom() || t.is_number() || t.is_pid() || t.is_port() || t.is_ref() || t.is_function()) {
      std::size_t begin = text_.size();
      put_simple(vm_, t, unicode_, text_);
      out = leaf_from(begin);
      return true;
    }
    if (t.is_list()) {
      if (strings_ && d != 1 && printable_list_of(t)) {
        std::u32string chars;
        for (Term l = t; l.is_list(); l = l.tail()) chars.push_back(static_cast<char32_t>(l.head().small_value()));
        std::size_t begin = text_.size();
        put_quoted(text_, chars.data(), chars.size(), U'"', unicode_);
        out = leaf_from(begin);
        return true;
      }
      frames.push_back({NodeKind::List, t, 0, d, d, scratch.size(), 0, false, false, 0});
      return false;
    }
    if (t.is_tuple()) {
      Word n = t.tuple_arity();
      if (n == 0) { out = leaf("{}"); return true; }
      if (d == 1) { out = leaf("{...}"); return true; }
      bool tagged = n > 1 && t.element(0).is_atom();
      frames.push_back({NodeKind::Tuple, t, 0, d, d, scratch.size(), 0, tagged, false, 0});
      return false;
    }
    if (t.is_map()) {
      std::vector<std::pair<Term, Term>> pairs;
      map_to_sorted_pairs(vm_, t, pairs);
      if (pairs.empty()) { out = leaf("#{}"); return true; }
      if (d == 1) { out = leaf("#{...}"); return true; }
      maps.push_back(std::move(pairs));
      frames.push_back({NodeKind::Map, t, 0, d, d, scratch.size(), maps.size() - 1, false, false, 0});
      return false;
    }
    if (t.is_bitstring()) { out = build_binary(t, d); return true; }
    out = leaf("<unknown>");
    return true;
  };

  auto finish = [&](Frame& f) -> std::size_t {
    std::size_t count = scratch.size() - f.kids_begin;
    std::size_t first = kids_.size();
    std::size_t len = 0;
    for (std::size_t k = 0; k < count; ++k) {
      std::size_t c = scratch[f.kids_begin + k];
      kids_.push_back(c);
      len += nodes_[c].len;
    }
    scratch.resize(f.kids_begin);
    std::size_t seps = count ? count - 1 : 0;  // ',' or '|' between children
    switch (f.kind) {
      case NodeKind::List: len += 2 + seps; break;
      case NodeKind::Tuple: len += 2 + seps; break;
      case NodeKind::Map: len += 3 + seps; break;
      case NodeKind::Pair: len += 4; break;
      default: break;
    }
    nodes_.push_back({f.kind, f.tagged, f.improper, len, first, count});
    return nodes_.size() - 1;
  };

  std::size_t n;
  if (start(root, depth, n)) return n;
  while (!frames.empty()) {
    max_nesting_ = std::max(max_nesting_, frames.size());
    Frame& f = frames.back();
    Term child;
    SWord child_depth = 0;
    bool have_child = false;
    switch (f.kind) {
      case NodeKind::List:
        if (f.t.is_nil()) break;
        if (f.next == 1) {
          scratch.push_back(dots());
          f.t = kNil;
          break;
        }
        if (f.t.is_list()) {
          child = f.t.head();
          f.t = f.t.tail();
        } else {
          child = f.t;
          f.t = kNil;
          f.improper = true;
        }
        child_depth = f.next - 1;
        f.next -= 1;
        have_child = true;
        break;
      case NodeKind::Tuple:
        if (f.index >= f.t.tuple_arity()) break;
        if (f.next == 1) {
          scratch.push_back(dots());
          f.index = f.t.tuple_arity();
          break;
        }
        child = f.t.element(f.index++);
        child_depth = f.next - 1;
        f.next -= 1;
        have_child = true;
        break;
      case NodeKind::Map: {
        auto& pairs = maps[f.pairs];
        if (f.index >= pairs.size()) break;
        if (f.next == 1) {
          scratch.push_back(dots());
          f.index = pairs.size();
          break;
        }
        // Every pair's key and value get depth-1; only the count of pairs
        // shown falls with depth (as io_lib:write's write_map_body).
        Frame pf{NodeKind::Pair, kNil, f.index, f.depth - 1, f.depth - 1, scratch.size(), f.pairs, false, false, 0};
        f.index++;
        f.next -= 1;
        frames.push_back(pf);
        continue;
      }
      case NodeKind::Pair: {
        if (f.pair_stage >= 2) break;
        auto& pr = maps[f.pairs][f.index];
        child = f.pair_stage == 0 ? pr.first : pr.second;
        f.pair_stage++;
        child_depth = f.depth;
        have_child = true;
        break;
      }
      default: break;
    }
    if (have_child) {
      std::size_t c;
      if (start(child, child_depth, c)) scratch.push_back(c);
      continue;
    }
    // Nothing was pushed above this frame: close it if it has no more children.
    bool done = false;
    switch (f.kind) {
      case NodeKind::List: done = f.t.is_nil(); break;
      case NodeKind::Tuple: done = f.index >= f.t.tuple_arity(); break;
      case NodeKind::Map: done = f.index >= maps[f.pairs].size(); break;
      case NodeKind::Pair: done = f.pair_stage >= 2; break;
      default: done = true;
    }
    if (!done) continue;
    Frame closed = f;
    frames.pop_back();
    std::size_t node = finish(closed);
    if (frames.empty()) {
      result = node;
    } else {
      scratch.push_back(node);
    }
  }
  return result;
}

void Pretty::write(std::size_t i) {
  const Node& n = nodes_[i];
  switch (n.kind) {
    case NodeKind::Leaf: out_.append(text_, n.a, n.b); return;
    case NodeKind::Dots: put(out_, "..."); return;
    case NodeKind::Pair:
      write(kids_[n.a]);
      put(out_, " => ");
      write(kids_[n.a + 1]);
      return;
    default: break;
  }
  if (n.kind == NodeKind::Bin) {
    put(out_, "<<");
    for (std::size_t k = 0; k < n.b; ++k) {
      if (k > 0) out_.push_back(U',');
      write(kids_[n.a + k]);
    }
    put(out_, ">>");
    return;
  }
  char32_t open = n.kind == NodeKind::List ? U'[' : U'{';
  char32_t close = n.kind == NodeKind::List ? U']' : U'}';
  char32_t sep_dots = n.kind == NodeKind::List ? U'|' : U',';
  if (n.kind == NodeKind::Map) out_.push_back(U'#');
  out_.push_back(open);
  for (std::size_t k = 0; k < n.b; ++k) {
    std::size_t c = kids_[n.a + k];
    if (k > 0) {
      if (n.improper && k + 1 == n.b) out_.push_back(U'|');
      else out_.push_back(nodes_[c].kind == NodeKind::Dots ? sep_dots : U',');
    }
    write(c);
  }
  out_.push_back(close);
}

long last_depth(bool is_last, long ld) { return is_last ? ld : 0; }

long Pretty::pp_element(std::size_t e, long col, long ll, long m, long tind, long ind, long ld, long w) {
  long len = static_cast<long>(nodes_[e].len);
  if (len < ll - col - ld && len + w + ld <= m) {
    // A compound that fits is written flat, but whatever follows it starts
    // a new line (only leaves are packed).
    write(e);
    return atm(e) ? len : ll;
  }
  pp(e, col, ll, m, tind, ind, ld, w);
  return ll;
}

void Pretty::pp(std::size_t i, long col, long ll, long m, long tind, long ind, long ld, long w) {
  const Node& n = nodes_[i];
  switch (n.kind) {
    case NodeKind::Leaf:
    case NodeKind::Dots:
      write(i);
      return;
    case NodeKind::List:
      out_.push_back(U'[');
      pp_list(n.a, n.b, n.improper, col + 1, ll, m, tind, ind + 1, ld + 1, U'|', w + 1);
      out_.push_back(U']');
      return;
    case NodeKind::Tuple:
      out_.push_back(U'{');
      if (n.tagged) {
        std::size_t tag = kids_[n.a];
        long tlen = static_cast<long>(nodes_[tag].len);
        long tagind = tlen + 2;
        long tcol = col + tagind;
        write(tag);
        if (tind > 0 && tagind > tind) {
          long col1 = col + tind;
          pp_tail(n.a + 1, n.b - 1, false, col1, tcol, ll, m, tind, ind + tind, ld + 1, U',', w + tlen);
        } else {
          out_.push_back(U',');
          pp_list(n.a + 1, n.b - 1, false, tcol, ll, m, tind, ind + tagind, ld + 1, U',', w + tlen + 1);
        }
      } else {
        pp_list(n.a, n.b, false, col + 1, ll, m, tind, ind + 1, ld + 1, U',', w + 1);
      }
      out_.push_back(U'}');
      return;
    case NodeKind::Bin:
      put(out_, "<<");
      // OTP counts the column from one past "<" here (but indents by 2).
      pp_list(n.a, n.b, false, col + 1, ll, m, tind, ind + 2, ld + 2, U',', w + 2);
      put(out_, ">>");
      return;
    case NodeKind::Map:
      put(out_, "#{");
      pp_list(n.a, n.b, false, col + 2, ll, m, tind, ind + 2, ld + 1, U',', w + 2);
      out_.push_back(U'}');
      return;
    case NodeKind::Pair: {
      // Only reached when the pair does not fit: key, " =>", value below.
      long vind = tind > 0 ? tind : 4;
      pp(kids_[n.a], col, ll, m, tind, ind, ld, w);
      put(out_, " =>");
      newline(ind + vind);
      pp(kids_[n.a + 1], col + vind, ll, m, tind, ind + vind, ld, 0);
      return;
    }
  }
}

void Pretty::pp_list(std::size_t first, std::size_t count, bool improper, long col0, long ll, long m,
                     long tind, long ind, long ld, char32_t sep, long w) {
  if (count == 0) return;
  std::size_t e = kids_[first];
  if (nodes_[e].kind == NodeKind::Dots) {
    put(out_, "...");
    return;
  }
  long w1 = pp_element(e, col0, ll, m, tind, ind, last_depth(count == 1, ld), w);
  pp_tail(first + 1, count - 1, improper, col0, col0 + w1, ll, m, tind, ind, ld, sep, w1);
}

void Pretty::pp_tail(std::size_t first, std::size_t count, bool improper, long col0, long col, long ll,
                     long m, long tind, long ind, long ld, char32_t sep, long w) {
  for (std::size_t k = 0; k < count; ++k) {
    std::size_t e = kids_[first + k];
    const Node& n = nodes_[e];
    bool is_last = k + 1 == count;
    long len = static_cast<long>(n.len);
    if (n.kind == NodeKind::Dots) {
      out_.push_back(sep);
      put(out_, "...");
      continue;
    }
    if (is_last && improper) {
      // The tail of an improper list: "|Tail" on this line if it fits.
      out_.push_back(U'|');
      if (len + 1 < ll - col - ld && len + 1 + w + ld <= m && atm(e)) {
        write(e);
      } else {
        newline(ind);
        pp(e, col0, ll, m, tind, ind, ld, 0);
      }
      return;
    }
    long ld1 = last_depth(is_last, ld);
    long elen = 1 + len;
    bool fits = atm(e) && ((ld1 == 0 && elen + 1 < ll - col && w + elen <= m) ||
                           (ld1 > 0 && elen + ld1 < ll - col && w + elen + ld1 <= m));
    out_.push_back(U',');
    if (fits) {
      write(e);
      col += elen;
      w += elen;
    } else {
      newline(ind);
      long w1 = pp_element(e, col0, ll, m, tind, ind, ld1, 0);
      col = col0 + w1;
      w = w1;
    }
  }
}

bool Pretty::cind(std::size_t i, long col, long ll, long m, long tind, long ld, long w) {
  const Node& n = nodes_[i];
  long len = static_cast<long>(n.len);
  if (len < ll - col - ld && len + w + ld <= m) return true;
  switch (n.kind) {
    case NodeKind::List:
      return cind_list(n.a, n.b, n.improper, col + 1, ll, m, tind, ld + 1, w + 1);
    case NodeKind::Tuple:
      if (n.tagged) {
        long tlen = static_cast<long>(nodes_[kids_[n.a]].len);
        long tagind = tlen + 2;
        long tcol = col + tagind;
        if (tind > 0 && tagind > tind) {
          long col1 = col + tind;
          if (m + col1 <= ll || col1 <= ll / 2)
            return cind_tail(n.a + 1, n.b - 1, false, col1, tcol, ll, m, tind, ld + 1, w + tlen);
          return false;
        }
        if (m + tcol < ll || tcol < ll / 2)
          return cind_list(n.a + 1, n.b - 1, false, tcol, ll, m, tind, ld + 1, w + tlen + 1);
        return false;
      }
      return cind_list(n.a, n.b, false, col + 1, ll, m, tind, ld + 1, w + 1);
    case NodeKind::Map:
      return cind_list(n.a, n.b, false, col + 2, ll, m, tind, ld + 1, w + 2);
    case NodeKind::Bin:
      return cind_list(n.a, n.b, false, col + 1, ll, m, tind, ld + 2, w + 2);
    case NodeKind::Pair: {
      long vind = tind > 0 ? tind : 4;
      return cind(kids_[n.a], col, ll, m, tind, ld, w) &&
             cind(kids_[n.a + 1], col + vind, ll, m, tind, ld, 0);
    }
    default:
      return true;
  }
}

bool Pretty::cind_element(std::size_t e, long col, long ll, long m, long tind, long ld, long w, long& width) {
  long len = static_cast<long>(nodes_[e].len);
  if (len < ll - col - ld && len + w + ld <= m) {
    width = atm(e) ? len : ll;
    return true;
  }
  width = ll;
  return cind(e, col, ll, m, tind, ld, w);
}

bool Pretty::cind_list(std::size_t first, std::size_t count, bool improper, long col0, long ll, long m,
                       long tind, long ld, long w) {
  if (count == 0) return true;
  std::size_t e = kids_[first];
  if (nodes_[e].kind == NodeKind::Dots) return true;
  long w1;
  if (!cind_element(e, col0, ll, m, tind, last_depth(count == 1, ld), w, w1)) return false;
  return cind_tail(first + 1, count - 1, improper, col0, col0 + w1, ll, m, tind, ld, w1);
}

bool Pretty::cind_tail(std::size_t first, std::size_t count, bool improper, long col0, long col, long ll,
                       long m, long tind, long ld, long w) {
  for (std::size_t k = 0; k < count; ++k) {
    std::size_t e = kids_[first + k];
    const Node& n = nodes_[e];
    bool is_last = k + 1 == count;
    long len = static_cast<long>(n.len);
    if (n.kind == NodeKind::Dots) continue;
    if (is_last && improper) {
      if (len + 1 < ll - col - ld && len + 1 + w + ld <= m && atm(e)) return true;
      return cind(e, col0, ll, m, tind, ld, 0);
    }
    long ld1 = last_depth(is_last, ld);
    long elen = 1 + len;
    bool fits = atm(e) && ((ld1 == 0 && elen + 1 < ll - col && w + elen <= m) ||
                           (ld1 > 0 && elen + ld1 < ll - col && w + elen + ld1 <= m));
    if (fits) {
      col += elen;
      w += elen;
    } else {
      long w1;
      if (!cind_element(e, col0, ll, m, tind, ld1, 0, w1)) return false;
      col = col0 + w1;
      w = w1;
    }
  }
  return true;
}

// Runs `fn` on a thread with a stack big enough for `nesting` levels of the
// layout recursion. Only used for pathologically deep terms.
template <typename Fn>
void run_with_big_stack(std::size_t nesting, Fn fn) {
  struct Box {
    Fn* fn;
  } box{&fn};
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  std::size_t size = (std::size_t{1} << 20) + nesting * 1024;
  pthread_attr_setstacksize(&attr, size);
  pthread_t th;
  auto entry = [](void* arg) -> void* {
    (*static_cast<Box*>(arg)->fn)();
    return nullptr;
  };
  if (pthread_create(&th, &attr, entry, &box) == 0) {
    pthread_join(th, nullptr);
  } else {
    fn();
  }
  pthread_attr_destroy(&attr);
}

constexpr std::size_t kDeepNesting = 2000;

}  // namespace

bool printable_latin1_list(Term list) { return printable_list_of(list); }

void map_to_sorted_pairs(const VM& vm, Term map, std::vector<std::pair<Term, Term>>& out) {
  // OTP 25's io_lib/io_lib_pretty print maps:to_list(Map): key order for flat
  // maps, the HAMT iteration order for large ones (map.cpp reproduces it).
  out.clear();
  map_iteration_pairs(map, out);
}

void format_atom_chars(const VM& vm, Term atom, bool unicode, std::u32string& out) {
  put_atom(vm, atom, unicode, out);
}

std::string format_atom(const VM& vm, Term atom, bool unicode) {
  std::u32string out;
  put_atom(vm, atom, unicode, out);
  return to_utf8(out);
}

void write_term_chars(const VM& vm, Term t, int depth, bool unicode, std::u32string& out) {
  FlatWriter w(vm, unicode, out);
  w.run(t, depth);
}

std::string write_term(const VM& vm, Term t, int depth, bool unicode) {
  std::u32string out;
  write_term_chars(vm, t, depth, unicode, out);
  return to_utf8(out);
}

void print_term_chars(const VM& vm, Term t, int column, int line_length, int depth, bool unicode,
                      bool strings, std::u32string& out) {
  if (depth == 0) {
    put(out, "...");
    return;
  }
  if (column < 1) column = 1;
  if (t.is_atom()) {
    put_atom(vm, t, unicode, out);
    return;
  }
  if (!(t.is_list() || t.is_nil() || t.is_tuple() || t.is_map() || t.is_bitstring())) {
    put_simple(vm, t, unicode, out);
    return;
  }
  Pretty pretty(vm, unicode, strings, out);
  std::size_t root = pretty.build(t, depth);
  if (pretty.max_nesting() > kDeepNesting) {
    run_with_big_stack(pretty.max_nesting(), [&] { pretty.print(root, column, line_length); });
  } else {
    pretty.print(root, column, line_length);
  }
}

std::string print_term(const VM& vm, Term t, int column, int line_length, int depth, bool unicode) {
  std::u32string out;
  print_term_chars(vm, t, column, line_length, depth, unicode, true, out);
  return to_utf8(out);
}

}  // namespace girder::vm
