#include "vm/io/message.h"

#include <cstdlib>
#include <cstring>

#include "vm/heap/copy.h"

namespace girder::vm::msg {

Term write_tuple(Word*& hp, std::initializer_list<Term> elements) {
  Word* obj = hp;
  hp += 1 + elements.size();
  obj[0] = make_header(BoxKind::Tuple, elements.size());
  Word i = 1;
  for (Term t : elements) obj[i++] = t.raw();
  return Term::boxed(obj);
}

Term write_ref(Word*& hp, RefId id) {
  Word* obj = hp;
  hp += kRefObjectWords;
  obj[0] = make_header(BoxKind::Ref, kRefWords);
  obj[1] = id.w0;
  obj[2] = id.w1;
  return Term::boxed(obj);
}

Term write_binary(Signal* s, Word*& hp, std::string_view bytes) {
  Word* obj = hp;
  if (bytes.size() <= kHeapBinLimit) {
    Word words = heap_bin_words(bytes.size());
    hp += words;
    obj[0] = make_header(BoxKind::HeapBin, words - 1);
    obj[1] = bytes.size();
    obj[words - 1] = 0;  // the padding of the last word is defined
    if (!bytes.empty()) std::memcpy(obj + 2, bytes.data(), bytes.size());
    return Term::boxed(obj);
  }
  RefcBinary* bin = new_refc_binary(bytes.size());
  std::memcpy(bin->data(), bytes.data(), bytes.size());
  hp += kProcBinWords;
  obj[0] = make_header(BoxKind::RefcBin, kProcBinWords - 1);
  obj[1] = bytes.size();
  obj[2] = reinterpret_cast<Word>(bin);
  // The signal's chain of ProcBins (copy.h): the receiver links them into
  // its heap, or free_signal releases them.
  obj[3] = reinterpret_cast<Word>(s->proc_bins);
  s->proc_bins = obj;
  return Term::boxed(obj);
}

Term write_byte_list(Word*& hp, std::string_view bytes, Term tail) {
  Word* cells = hp;
  hp += 2 * bytes.size();
  Term list = tail;
  for (std::size_t i = bytes.size(); i-- > 0;) {
    Word* cell = cells + 2 * i;
    cell[0] = Term::small(static_cast<unsigned char>(bytes[i])).raw();
    cell[1] = list.raw();
    list = Term::list(cell);
  }
  return list;
}

Word copy_words(Term t) { return copy_size(t); }

Term write_copy(Signal* s, Word*& hp, Term t) { return copy_term(t, hp, s->proc_bins); }

Signal* new_message(Term from, Word words) { return new_signal(SignalKind::Message, from, words); }

}  // namespace girder::vm::msg
