#include "vm/term/build.h"

#include <atomic>
#include <cstdlib>
#include <cstring>

#include "vm/term/bignum.h"
#include "vm/term/utf8.h"

namespace girder::vm {

Term make_tuple(Process& p, std::initializer_list<Term> elements) {
  return make_tuple(p, std::span<const Term>(elements.begin(), elements.size()));
}

Term make_tuple(Process& p, std::span<const Term> elements) {
  Word* obj = p.alloc(1 + elements.size());
  obj[0] = make_header(BoxKind::Tuple, elements.size());
  for (std::size_t i = 0; i < elements.size(); ++i) obj[1 + i] = elements[i].raw();
  return Term::boxed(obj);
}

Term make_cons(Process& p, Term head, Term tail) {
  Word* cell = p.alloc(2);
  cell[0] = head.raw();
  cell[1] = tail.raw();
  return Term::list(cell);
}

Term make_float(Process& p, double value) {
  Word* obj = p.alloc(kFloatWords);
  obj[0] = make_header(BoxKind::Float, 1);
  std::memcpy(&obj[1], &value, sizeof(double));
  return Term::boxed(obj);
}

Term make_string(Process& p, std::string_view utf8) {
  // Decode into code points first so the list can be built back to front.
  std::u32string chars = utf8::decode_lenient(utf8);
  Word* cells = p.alloc(2 * chars.size());
  Term list = kNil;
  for (std::size_t i = chars.size(); i-- > 0;) {
    Word* cell = cells + 2 * i;
    cell[0] = Term::small(chars[i]).raw();
    cell[1] = list.raw();
    list = Term::list(cell);
  }
  return list;
}

Term make_byte_list(Process& p, std::string_view bytes) {
  Word* cells = p.alloc(2 * bytes.size());
  Term list = kNil;
  for (std::size_t i = bytes.size(); i-- > 0;) {
    Word* cell = cells + 2 * i;
    cell[0] = Term::small(static_cast<unsigned char>(bytes[i])).raw();
    cell[1] = list.raw();
    list = Term::list(cell);
  }
  return list;
}

Term make_list(Process& p, std::span<const Term> elements, Term tail) {
  Word* cells = p.alloc(2 * elements.size());
  Term list = tail;
  for (std::size_t i = elements.size(); i-- > 0;) {
    Word* cell = cells + 2 * i;
    cell[0] = elements[i].raw();
    cell[1] = list.raw();
    list = Term::list(cell);
  }
  return list;
}

Term make_binary_uninit(Process& p, std::size_t size, unsigned char** data) {
  if (size <= kHeapBinLimit) {
    Word* obj = p.alloc(heap_bin_words(size));
    obj[0] = make_header(BoxKind::HeapBin, heap_bin_words(size) - 1);
    obj[1] = size;
    *data = reinterpret_cast<unsigned char*>(obj + 2);
    return Term::boxed(obj);
  }
  return make_proc_bin(p, size, size, data);
}

// A ProcBin over a fresh RefcBinary of `capacity` bytes of which `used` are
// the value. Only call sites that wrap it in a SubBin may pass used < capacity.
Term make_proc_bin(Process& p, Word used, Word capacity, unsigned char** data) {
  RefcBinary* bin = new_refc_binary(capacity);
  Word* obj = p.alloc(kProcBinWords);
  obj[0] = make_header(BoxKind::RefcBin, kProcBinWords - 1);
  obj[1] = used;
  obj[2] = reinterpret_cast<Word>(bin);
  p.heap().link_proc_bin(obj);
  *data = bin->data();
  return Term::boxed(obj);
}

Term make_resource(Process& p, Word size, void (*destroy)(RefcBinary*), unsigned char** data) {
  Term t = make_proc_bin(p, size, size, data);
  reinterpret_cast<RefcBinary*>(t.box_ptr()[2])->destroy = destroy;
  return t;
}

RefcBinary* resource_of(Term t, void (*destroy)(RefcBinary*)) {
  if (!t.is_box_of(BoxKind::RefcBin)) return nullptr;
  auto* bin = reinterpret_cast<RefcBinary*>(t.box_ptr()[2]);
  if (bin->destroy != destroy || t.box_ptr()[1] != bin->byte_size) return nullptr;
  return bin;
}

Term make_binary(Process& p, std::string_view bytes) {
  unsigned char* data;
  Term bin = make_binary_uninit(p, bytes.size(), &data);
  if (!bytes.empty()) std::memcpy(data, bytes.data(), bytes.size());
  return bin;
}

std::int64_t list_length(Term list) {
  std::int64_t n = 0;
  while (list.is_list()) {
    ++n;
    list = list.tail();
  }
  return list.is_nil() ? n : -1;
}

BitView bit_view(Term t) {
  Word* obj = t.box_ptr();
  switch (header_kind(obj[0])) {
    case BoxKind::HeapBin:
      return {reinterpret_cast<const unsigned char*>(obj + 2), 0, obj[1] * 8};
    case BoxKind::RefcBin:
      return {reinterpret_cast<RefcBinary*>(obj[2])->data(), 0, obj[1] * 8};
    case BoxKind::SubBin: {
      BitView base = bit_view(Term::from_raw(obj[3]));
      Word offset = obj[2];
      return {base.data + offset / 8, offset % 8, obj[1]};
    }
    default:
      return {nullptr, 0, 0};
  }
}

bool string_from_chars(Term list, std::string& out) {
  while (list.is_list()) {
    Term c = list.head();
    if (!c.is_small()) return false;
    SWord cp = c.small_value();
    if (!utf8::valid_code_point(cp)) return false;
    utf8::append(out, static_cast<std::uint32_t>(cp));
    list = list.tail();
  }
  return list.is_nil();
}

bool bytes_from_list(Term list, std::string& out) {
  while (list.is_list()) {
    Term c = list.head();
    if (!c.is_small() || c.small_value() < 0 || c.small_value() > 255) return false;
    out.push_back(static_cast<char>(c.small_value()));
    list = list.tail();
  }
  return list.is_nil();
}

}  // namespace girder::vm
