#include "vm/ets/table.h"

#include <cstdlib>
#include <new>

#include "vm/term/compare.h"
#include "vm/term/map.h"

namespace girder::vm::ets {

std::uint32_t hash_key(Term key) {
  if (key.is_immediate()) {
    // Immediates are =:= only when their words are equal: mix the word.
    Word x = key.raw();
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return static_cast<std::uint32_t>(x);
  }
  return map_key_hash(key, 0);
}

bool ObjectLess::operator()(const DbObject* a, const DbObject* b) const {
  return compare_terms(*vm, a->element(keypos), b->element(keypos)) < 0;
}
bool ObjectLess::operator()(const DbObject* a, Term b) const {
  return compare_terms(*vm, a->element(keypos), b) < 0;
}
bool ObjectLess::operator()(Term a, const DbObject* b) const {
  return compare_terms(*vm, a, b->element(keypos)) < 0;
}

namespace {

constexpr Word kObjectOverheadWords = sizeof(DbObject) / sizeof(Word);

DbObject** new_buckets(Word n) {
  auto** b = static_cast<DbObject**>(std::calloc(n, sizeof(DbObject*)));
  if (b == nullptr) throw std::bad_alloc();
  return b;
}

bool same_key(const Table& t, const DbObject* o, std::uint32_t hash, Term key) { return t.has_key(o, hash, key); }

}  // namespace

Table::~Table() {
  if (heir_data != nullptr) free_object(heir_data);
  DbObject* chain = detach_all();
  while (chain != nullptr) {
    DbObject* next = chain->next;
    free_object(chain);
    chain = next;
  }
}

void Table::init_storage() {
  if (hashed()) {
    for (std::uint32_t i = 0; i < stripe_count(); ++i) {
      Stripe& s = stripes_[i];
      s.mask = kInitialBuckets - 1;
      s.buckets = new_buckets(kInitialBuckets);
    }
  } else {
    tree_ = std::make_unique<Tree>(ObjectLess{&vm_, kp()});
  }
}

DbObject* Table::detach_all() {
  DbObject* chain = nullptr;
  for (Stripe& s : stripes_) {
    if (s.buckets != nullptr) {
      for (Word b = 0; b <= s.mask; ++b) {
        for (DbObject* o = s.buckets[b]; o != nullptr;) {
          DbObject* next = o->next;
          o->next = chain;
          chain = o;
          o = next;
        }
      }
      std::free(s.buckets);
      s.buckets = nullptr;
      s.mask = 0;
    }
    s.count.store(0, std::memory_order_relaxed);
    s.words.store(0, std::memory_order_relaxed);
  }
  if (tree_) {
    for (DbObject* o : *tree_) {
      o->next = chain;
      chain = o;
    }
    tree_.reset();
  }
  return chain;
}

Word Table::size() const {
  Word n = 0;
  for (std::uint32_t i = 0; i < stripe_count(); ++i) n += stripes_[i].count.load(std::memory_order_relaxed);
  return n;
}

Word Table::memory_words() const {
  Word n = sizeof(Table) / sizeof(Word) / (kMaxStripes / stripe_count());
  for (std::uint32_t i = 0; i < stripe_count(); ++i) {
    const Stripe& s = stripes_[i];
    n += s.words.load(std::memory_order_relaxed) + (hashed() ? s.mask + 1 : 0);
  }
  return n;
}

void Table::account(Stripe& s, const DbObject* o, bool add) {
  // Under the stripe's write lock: plain read-modify-write, relaxed atomics
  // only so that info/1 may read them without the lock.
  Word c = s.count.load(std::memory_order_relaxed);
  Word w = s.words.load(std::memory_order_relaxed);
  Word ow = o->words + kObjectOverheadWords;
  s.count.store(add ? c + 1 : c - 1, std::memory_order_relaxed);
  s.words.store(add ? w + ow : w - ow, std::memory_order_relaxed);
}

DbObject* Table::find(Stripe& s, std::uint32_t hash, Term key) const {
  for (DbObject* o = *bucket_of(s, hash); o != nullptr; o = o->next) {
    if (same_key(*this, o, hash, key)) return o;
  }
  return nullptr;
}

void Table::grow(Stripe& s) {
  Word old_size = s.mask + 1;
  Word new_size = old_size * 2;
  DbObject** nb = new_buckets(new_size);
  Word new_mask = new_size - 1;
  // Bucket b splits into b and b + old_size; appending in chain order
  // keeps each key's objects together and in insertion order.
  for (Word b = 0; b < old_size; ++b) {
    DbObject** tails[2] = {&nb[b], &nb[b + old_size]};
    for (DbObject* o = s.buckets[b]; o != nullptr;) {
      DbObject* next = o->next;
      Word idx = (o->hash >> kStripeBits) & new_mask;
      DbObject**& tail = tails[idx == b ? 0 : 1];
      o->next = nullptr;
      *tail = o;
      tail = &o->next;
      o = next;
    }
  }
  std::free(s.buckets);
  s.buckets = nb;
  s.mask = new_mask;
}

void Table::insert(Stripe& s, DbObject* o) {
  Term key = key_of(o);
  DbObject** head = bucket_of(s, o->hash);
  DbObject** p = head;
  while (*p != nullptr && !same_key(*this, *p, o->hash, key)) p = &(*p)->next;
  if (*p == nullptr) {
    o->next = *head;
    *head = o;
    account(s, o, true);
    if (s.count.load(std::memory_order_relaxed) > s.mask + 1) grow(s);
    return;
  }
  switch (kind()) {
    case Type::Set: {
      DbObject* old = *p;
      o->next = old->next;
      *p = o;
      account(s, old, false);
      account(s, o, true);
      free_object(old);
      return;
    }
    case Type::Bag:
      // An object equal to the new one stays where it is (OTP's order);
      // else the new one joins the end of its key's group.
      while (*p != nullptr && same_key(*this, *p, o->hash, key)) {
        if (exact_equal((*p)->root, o->root)) {
          free_object(o);
          return;
        }
        p = &(*p)->next;
      }
      break;
    default:
      while (*p != nullptr && same_key(*this, *p, o->hash, key)) p = &(*p)->next;
      break;
  }
  o->next = *p;
  *p = o;
  account(s, o, true);
  if (s.count.load(std::memory_order_relaxed) > s.mask + 1) grow(s);
}

void Table::unlink_free(Stripe& s, DbObject** link) {
  DbObject* o = *link;
  *link = o->next;
  account(s, o, false);
  free_object(o);
}

Word Table::erase_key(Stripe& s, std::uint32_t hash, Term key) {
  DbObject** p = bucket_of(s, hash);
  while (*p != nullptr && !same_key(*this, *p, hash, key)) p = &(*p)->next;
  Word n = 0;
  while (*p != nullptr && same_key(*this, *p, hash, key)) {
    unlink_free(s, p);
    ++n;
  }
  return n;
}

Word Table::erase_object(Stripe& s, std::uint32_t hash, Term key, Term obj) {
  DbObject** p = bucket_of(s, hash);
  while (*p != nullptr && !same_key(*this, *p, hash, key)) p = &(*p)->next;
  Word n = 0;
  while (*p != nullptr && same_key(*this, *p, hash, key)) {
    if (exact_equal((*p)->root, obj)) {
      unlink_free(s, p);
      ++n;
      if (kind() != Type::DuplicateBag) break;
    } else {
      p = &(*p)->next;
    }
  }
  return n;
}

void Table::replace(Stripe& s, DbObject* old, DbObject* neu) {
  DbObject** p = bucket_of(s, old->hash);
  while (*p != old) p = &(*p)->next;
  neu->next = old->next;
  *p = neu;
  account(s, old, false);
  account(s, neu, true);
  free_object(old);
}

void Table::tree_insert(DbObject* o) {
  auto [it, inserted] = tree_->insert(o);
  if (inserted) {
    account(stripes_[0], o, true);
    return;
  }
  tree_replace(it, o);
}

void Table::tree_replace(Tree::iterator it, DbObject* neu) {
  DbObject* old = *it;
  auto hint = tree_->erase(it);
  tree_->insert(hint, neu);
  account(stripes_[0], old, false);
  account(stripes_[0], neu, true);
  free_object(old);
}

void Table::tree_erase(Tree::iterator it) {
  DbObject* o = *it;
  tree_->erase(it);
  account(stripes_[0], o, false);
  free_object(o);
}

Word Table::tree_erase_key(Term key) {
  auto it = tree_->find(key);
  if (it == tree_->end()) return 0;
  tree_erase(it);
  return 1;
}

}  // namespace girder::vm::ets
