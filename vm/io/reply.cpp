#include "vm/io/reply.h"

#include "vm/io/message.h"
#include "vm/proc/mailbox.h"
#include "vm/term/utf8.h"

namespace girder::vm {

OutTerm OutTerm::imm(Term t) {
  OutTerm o;
  o.kind_ = Kind::Imm;
  o.imm_ = t;
  return o;
}

OutTerm OutTerm::integer(std::int64_t v) {
  if (Term::fits_small(v)) return imm(Term::small(v));
  OutTerm o;
  o.kind_ = Kind::Int;
  o.int_ = v;
  return o;
}

OutTerm OutTerm::binary(std::string bytes) {
  OutTerm o;
  o.kind_ = Kind::Binary;
  o.bytes_ = std::move(bytes);
  return o;
}

OutTerm OutTerm::byte_list(std::string bytes) {
  OutTerm o;
  o.kind_ = Kind::ByteList;
  o.bytes_ = std::move(bytes);
  return o;
}

OutTerm OutTerm::chars(const std::string& utf8) {
  OutTerm o;
  o.kind_ = Kind::Chars;
  o.chars_ = utf8::decode_lenient(utf8);
  return o;
}

OutTerm OutTerm::tuple(std::vector<OutTerm> items) {
  OutTerm o;
  o.kind_ = Kind::Tuple;
  o.items_ = std::move(items);
  return o;
}

OutTerm OutTerm::list(std::vector<OutTerm> items) {
  OutTerm o;
  o.kind_ = Kind::List;
  o.items_ = std::move(items);
  return o;
}

OutTerm OutTerm::ok(OutTerm v) { return tuple({imm(atoms::ok), std::move(v)}); }

OutTerm OutTerm::error(Term reason) { return tuple({imm(atoms::error), imm(reason)}); }

Word OutTerm::words() const {
  switch (kind_) {
    case Kind::Imm: return 0;
    case Kind::Int: return 2;  // a one-limb bignum
    case Kind::Binary: return msg::binary_words(bytes_.size());
    case Kind::ByteList: return msg::byte_list_words(bytes_.size());
    case Kind::Chars: return 2 * chars_.size();
    case Kind::Tuple:
    case Kind::List: {
      Word w = kind_ == Kind::Tuple ? msg::tuple_words(items_.size()) : 2 * items_.size();
      for (const OutTerm& i : items_) w += i.words();
      return w;
    }
  }
  return 0;
}

Term OutTerm::write(Signal* s, Word*& hp) const {
  switch (kind_) {
    case Kind::Imm: return imm_;
    case Kind::Int: {
      // Outside the small range: header(PosBig|NegBig, 1) and the magnitude
      // as one limb (bignum.h's layout).
      Word* obj = hp;
      hp += 2;
      bool neg = int_ < 0;
      obj[0] = make_header(neg ? BoxKind::NegBig : BoxKind::PosBig, 1);
      obj[1] = neg ? Word{0} - static_cast<Word>(int_) : static_cast<Word>(int_);
      return Term::boxed(obj);
    }
    case Kind::Binary: return msg::write_binary(s, hp, bytes_);
    case Kind::ByteList: return msg::write_byte_list(hp, bytes_);
    case Kind::Chars: {
      Word* cells = hp;
      hp += 2 * chars_.size();
      Term list = kNil;
      for (std::size_t i = chars_.size(); i-- > 0;) {
        Word* cell = cells + 2 * i;
        cell[0] = Term::small(static_cast<SWord>(chars_[i])).raw();
        cell[1] = list.raw();
        list = Term::list(cell);
      }
      return list;
    }
    case Kind::Tuple: {
      // Elements first (they may be boxed), then the tuple that points at them.
      std::vector<Term> elements;
      elements.reserve(items_.size());
      for (const OutTerm& i : items_) elements.push_back(i.write(s, hp));
      Word* obj = hp;
      hp += 1 + elements.size();
      obj[0] = make_header(BoxKind::Tuple, elements.size());
      for (std::size_t k = 0; k < elements.size(); ++k) obj[1 + k] = elements[k].raw();
      return Term::boxed(obj);
    }
    case Kind::List: {
      Term list = kNil;
      for (std::size_t i = items_.size(); i-- > 0;) {
        Term head = items_[i].write(s, hp);
        Word* cell = hp;
        hp += 2;
        cell[0] = head.raw();
        cell[1] = list.raw();
        list = Term::list(cell);
      }
      return list;
    }
  }
  return kNil;
}

void deliver_reply(IoService& io, Word pid, Term tag, RefId ref, const OutTerm& value) {
  Signal* s = msg::new_message(kNil, msg::ref_words() + msg::tuple_words(3) + value.words());
  Word* hp = s->payload();
  Term r = msg::write_ref(hp, ref);
  Term v = value.write(s, hp);
  s->message = msg::write_tuple(hp, {tag, r, v});
  s->size = static_cast<std::uint32_t>(hp - s->payload());
  io.deliver(pid, s);
}

Term make_ref_term(Process& p, RefId ref) {
  Word* obj = p.alloc(kRefObjectWords);
  obj[0] = make_header(BoxKind::Ref, kRefWords);
  obj[1] = ref.w0;
  obj[2] = ref.w1;
  return Term::boxed(obj);
}

}  // namespace girder::vm
