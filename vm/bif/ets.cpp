// ETS BIFs: the ets module's C++ half (foldl/foldr are Erlang, in
// stdlib/ets.erl). The storage, locks and registry are vm/ets/; these
// functions check arguments and access rights and shape results as OTP 25
// does: badarg for a table that does not exist, an access violation, or a
// malformed argument.
//
// Every operation on a table: resolve the table term (a reference or a
// name) to its Table and id, check access, lock the stripe of the key (or
// every stripe, or one at a time for traversals), check the id again under
// the lock (ets/table.h), work, unlock. Objects are copied into table
// memory before the lock is taken and copied out onto the caller's heap
// while it is held.
//
// Whole-table traversals (tab2list, select, match, select_count,
// select_delete, select/3 chunks) visit kScanSliceUnits objects per slice,
// then trap to ets:'$select_cont'/3 with their position and what they have
// built so far, so a large table cannot hold a scheduler. delete/1 and
// delete_all_objects/1 free big tables in slices through a parked job.
#include <algorithm>
#include <vector>

#include "vm/bif/bif.h"
#include "vm/ets/ets.h"
#include "vm/ets/match_spec.h"
#include "vm/ets/scan.h"
#include "vm/exec/arith.h"
#include "vm/exec/code.h"
#include "vm/proc/process_table.h"
#include "vm/term/build.h"
#include "vm/term/compare.h"
#include "vm/vm.h"

namespace girder::vm {

namespace {

using ets::DbObject;
using ets::Registry;
using ets::Stripe;
using ets::Table;
using ets::Type;

// Objects a traversal visits per slice; each charges a reduction per
// kUnitsPerReduction objects.
constexpr Word kScanSliceUnits = 20000;
constexpr Word kUnitsPerReduction = 4;

Registry& reg(Process& p) { return p.vm().ets(); }
const ets::EtsAtoms& ea(Process& p) { return p.vm().ets().atoms(); }

ExportEntry* export_of(Process& p, std::string_view function, unsigned arity) {
  return p.vm().code().export_entry(ea(p).ets, p.vm().atoms().intern(function), arity);
}

enum class Need { Read, Write };

// The table `tab` names if p may use it as `need` says, else nullptr.
Table* table_for(Process& p, Term tab, Need need, Word* id) {
  Table* t = reg(p).resolve(tab, id);
  if (t == nullptr) return nullptr;
  ets::Access a = t->access.load(std::memory_order_relaxed);
  if (a == ets::Access::Public || t->owner.load(std::memory_order_relaxed) == p.id()) return t;
  if (need == Need::Read && a == ets::Access::Protected) return t;
  return nullptr;
}

bool still(const Table* t, Word id) { return t->id.load(std::memory_order_relaxed) == id; }

// Runs f(stripe, hash) holding the lock that covers `key` (a hash stripe,
// or the tree's lock), once the table is known to be still `id`.
template <class F>
Term with_key(Process& p, Table* t, Word id, Term key, bool write, F&& f) {
  bool hashed = t->hashed();
  std::uint32_t h = hashed ? ets::hash_key(key) : 0;
  Stripe& s = hashed ? t->stripe_for(h) : t->stripe(0);
  if (write) s.lock.lock(); else s.lock.lock_shared();
  Term r = still(t, id) ? f(s, h) : p.badarg();
  if (write) s.lock.unlock(); else s.lock.unlock_shared();
  return r;
}

// Every stripe's write lock, in order (delete_all_objects, list inserts).
class AllStripes {
 public:
  AllStripes(Table* t, std::uint64_t mask) : t_(t), mask_(mask) {
    for (std::uint32_t i = 0; i < ets::kMaxStripes; ++i) {
      if (mask_ & (std::uint64_t{1} << i)) t_->stripe(i).lock.lock();
    }
  }
  ~AllStripes() {
    for (std::uint32_t i = ets::kMaxStripes; i-- > 0;) {
      if (mask_ & (std::uint64_t{1} << i)) t_->stripe(i).lock.unlock();
    }
  }
  AllStripes(const AllStripes&) = delete;
  AllStripes& operator=(const AllStripes&) = delete;

 private:
  Table* t_;
  std::uint64_t mask_;
};

std::uint64_t every_stripe(const Table* t) {
  std::uint32_t n = t->stripe_count();
  return n == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1;
}

// --- copying results out ---

// [Obj]: one allocation for the copy and the cons cell.
Term single_list(Process& p, const DbObject* o) {
  Word* hp = p.alloc(o->words + kConsWords);
  Word* cell = hp;
  hp += kConsWords;
  Word* bins = nullptr;
  Term obj = ets::copy_out_at(o, hp, bins);
  if (bins != nullptr) p.heap().link_proc_bins(bins);
  cell[0] = obj.raw();
  cell[1] = kNil.raw();
  return Term::list(cell);
}

// The objects with `key` of a hash table, in their order (lock held).
Term key_objects(Process& p, Table* t, Stripe& s, std::uint32_t h, Term key) {
  DbObject* first = t->find(s, h, key);
  if (first == nullptr) return kNil;
  if (!t->is_bag() || first->next == nullptr || !t->has_key(first->next, h, key)) return single_list(p, first);
  Word words = 0, n = 0;
  for (DbObject* o = first; o != nullptr && t->has_key(o, h, key); o = o->next) {
    words += o->words;
    ++n;
  }
  Word* cells = p.alloc(words + n * kConsWords);
  Word* hp = cells + n * kConsWords;
  Word* bins = nullptr;
  Word i = 0;
  for (DbObject* o = first; i < n; o = o->next, ++i) {
    cells[2 * i] = ets::copy_out_at(o, hp, bins).raw();
    cells[2 * i + 1] = i + 1 < n ? Term::list(cells + 2 * (i + 1)).raw() : kNil.raw();
  }
  if (bins != nullptr) p.heap().link_proc_bins(bins);
  return Term::list(cells);
}

// --- new/2 ---

bool parse_new_options(Process& p, Term opts, ets::NewOptions& o) {
  const ets::EtsAtoms& a = ea(p);
  for (Term l = opts; !l.is_nil(); l = l.tail()) {
    if (!l.is_list()) return false;
    Term x = l.head();
    if (x == a.set) o.type = Type::Set;
    else if (x == a.ordered_set) o.type = Type::OrderedSet;
    else if (x == a.bag) o.type = Type::Bag;
    else if (x == a.duplicate_bag) o.type = Type::DuplicateBag;
    else if (x == a.public_) o.access = ets::Access::Public;
    else if (x == a.protected_) o.access = ets::Access::Protected;
    else if (x == a.private_) o.access = ets::Access::Private;
    else if (x == a.named_table) o.named = true;
    else if (x == a.compressed) continue;
    else if (x.is_tuple() && x.tuple_arity() == 2) {
      Term k = x.element(0), v = x.element(1);
      if (k == a.keypos) {
        if (!v.is_small() || v.small_value() < 1) return false;
        o.keypos = static_cast<Word>(v.small_value());
      } else if (k == a.heir && v == a.none) {
        o.heir = 0;
      } else if (k == a.read_concurrency && (v == kTrue || v == kFalse)) {
        o.read_concurrency = v == kTrue;
      } else if (k == a.write_concurrency && (v == kTrue || v == kFalse || v == a.auto_)) {
        o.write_concurrency = v != kFalse;
      } else if (k == a.decentralized_counters && (v == kTrue || v == kFalse)) {
        continue;
      } else {
        return false;
      }
    } else if (x.is_tuple() && x.tuple_arity() == 3 && x.element(0) == a.heir && x.element(1).is_pid()) {
      o.heir = x.element(1).pid_index();
      o.heir_data = x.element(2);
    } else {
      return false;
    }
  }
  return true;
}

Term bif_new(Process& p, const Term* a) {
  if (!a[0].is_atom()) return p.badarg();
  ets::NewOptions o;
  if (!parse_new_options(p, a[1], o)) return p.badarg();
  Word id;
  Table* t = reg(p).create(p, a[0], o, &id);
  if (t == nullptr) return p.badarg();
  return reg(p).table_term(p, t, id);
}

// --- insert ---

// A proper list of tuples of arity >= keypos (or one such tuple), as a vector.
bool objects_arg(Term x, Word keypos, std::vector<Term>& out) {
  if (x.is_tuple()) {
    if (x.tuple_arity() < keypos) return false;
    out.push_back(x);
    return true;
  }
  for (; x.is_list(); x = x.tail()) {
    Term o = x.head();
    if (!o.is_tuple() || o.tuple_arity() < keypos) return false;
    out.push_back(o);
  }
  return x.is_nil();
}

Term insert_objects(Process& p, const Term* a, bool only_new) {
  Word id;
  Table* t = table_for(p, a[0], Need::Write, &id);
  if (t == nullptr) return p.badarg();
  Word kp = t->kp();
  // One tuple: the lean path.
  if (a[1].is_tuple()) {
    if (a[1].tuple_arity() < kp) return p.badarg();
    Term key = a[1].element(kp - 1);
    DbObject* o = ets::make_object(a[1], t->hashed() ? ets::hash_key(key) : 0);
    Term r = with_key(p, t, id, key, true, [&](Stripe& s, std::uint32_t h) -> Term {
      if (!t->hashed()) {
        if (only_new && t->tree().find(key) != t->tree().end()) return kFalse;
        t->tree_insert(o);
      } else {
        if (only_new && t->find(s, h, key) != nullptr) return kFalse;
        t->insert(s, o);
      }
      o = nullptr;
      return kTrue;
    });
    if (o != nullptr) ets::free_object(o);
    return r;
  }
  std::vector<Term> terms;
  if (!objects_arg(a[1], kp, terms)) return p.badarg();
  if (terms.empty()) return kTrue;
  p.charge(terms.size() / kUnitsPerReduction);
  std::vector<DbObject*> objs;
  objs.reserve(terms.size());
  std::uint64_t lock_mask = 1;
  if (t->hashed()) {
    lock_mask = 0;
    std::uint32_t smask = t->stripe_mask.load(std::memory_order_relaxed);
    for (Term x : terms) {
      std::uint32_t h = ets::hash_key(x.element(kp - 1));
      lock_mask |= std::uint64_t{1} << (h & smask);
      objs.push_back(ets::make_object(x, h));
    }
  } else {
    for (Term x : terms) objs.push_back(ets::make_object(x, 0));
  }
  // A bag takes a list's objects last first (OTP's order of a key's group).
  if (t->kind() == Type::Bag) std::reverse(objs.begin(), objs.end());
  bool ok = true, inserted = true;
  {
    // Every stripe involved, locked in order: the whole list goes in at once.
    AllStripes locks(t, lock_mask);
    if (!still(t, id)) {
      ok = false;
    } else {
      if (only_new) {
        for (DbObject* o : objs) {
          Term key = t->key_of(o);
          bool exists = t->hashed() ? t->find(t->stripe_for(o->hash), o->hash, key) != nullptr
                                    : t->tree().find(key) != t->tree().end();
          if (exists) inserted = false;
        }
      }
      if (inserted) {
        for (DbObject*& o : objs) {
          if (t->hashed()) t->insert(t->stripe_for(o->hash), o);
          else t->tree_insert(o);
          o = nullptr;
        }
      }
    }
  }
  for (DbObject* o : objs) {
    if (o != nullptr) ets::free_object(o);
  }
  if (!ok) return p.badarg();
  return make_bool(inserted);
}

Term bif_insert(Process& p, const Term* a) { return insert_objects(p, a, false); }
Term bif_insert_new(Process& p, const Term* a) { return insert_objects(p, a, true); }

// --- lookups ---

Term bif_lookup(Process& p, const Term* a) {
  Word id;
  Table* t = table_for(p, a[0], Need::Read, &id);
  if (t == nullptr) return p.badarg();
  Term key = a[1];
  return with_key(p, t, id, key, false, [&](Stripe& s, std::uint32_t h) -> Term {
    if (t->hashed()) return key_objects(p, t, s, h, key);
    auto it = t->tree().find(key);
    return it == t->tree().end() ? kNil : single_list(p, *it);
  });
}

Term bif_member(Process& p, const Term* a) {
  Word id;
  Table* t = table_for(p, a[0], Need::Read, &id);
  if (t == nullptr) return p.badarg();
  Term key = a[1];
  return with_key(p, t, id, key, false, [&](Stripe& s, std::uint32_t h) -> Term {
    if (t->hashed()) return make_bool(t->find(s, h, key) != nullptr);
    return make_bool(t->tree().find(key) != t->tree().end());
  });
}

Term bif_lookup_element(Process& p, const Term* a) {
  Word id;
  Table* t = table_for(p, a[0], Need::Read, &id);
  if (t == nullptr || !a[2].is_small() || a[2].small_value() < 1) return p.badarg();
  Word pos = static_cast<Word>(a[2].small_value());
  Term key = a[1];
  return with_key(p, t, id, key, false, [&](Stripe& s, std::uint32_t h) -> Term {
    std::vector<const DbObject*> objs;
    if (t->hashed()) {
      for (DbObject* o = t->find(s, h, key); o != nullptr && t->has_key(o, h, key); o = o->next) {
        objs.push_back(o);
        if (!t->is_bag()) break;
      }
    } else {
      auto it = t->tree().find(key);
      if (it != t->tree().end()) objs.push_back(*it);
    }
    if (objs.empty()) return p.badarg();
    for (const DbObject* o : objs) {
      if (o->arity() < pos) return p.badarg();
    }
    if (!t->is_bag()) return ets::copy_term_out(p, objs[0]->element(pos));
    std::vector<Term> items;
    for (const DbObject* o : objs) items.push_back(ets::copy_term_out(p, o->element(pos)));
    return make_list(p, items);
  });
}

// take(Tab, Key): the objects, removed.
Term bif_take(Process& p, const Term* a) {
  Word id;
  Table* t = table_for(p, a[0], Need::Write, &id);
  if (t == nullptr) return p.badarg();
  Term key = a[1];
  return with_key(p, t, id, key, true, [&](Stripe& s, std::uint32_t h) -> Term {
    if (t->hashed()) {
      Term r = key_objects(p, t, s, h, key);
      t->erase_key(s, h, key);
      return r;
    }
    auto it = t->tree().find(key);
    if (it == t->tree().end()) return kNil;
    Term r = single_list(p, *it);
    t->tree_erase(it);
    return r;
  });
}

// --- deleting ---

// The objects of a deleted or emptied table, freed in slices.
class FreeJob : public BifJob {
 public:
  explicit FreeJob(DbObject* chain) : chain_(chain) {}
  ~FreeJob() override { Registry::free_chain(chain_, ~Word{0}); }
  // Frees one slice; true when done.
  bool step(Process& p) {
    Word n = Registry::free_chain(chain_, kJobSliceUnits);
    p.charge(n / 10);
    return chain_ == nullptr;
  }

 private:
  DbObject* chain_;
};

// Free `chain` and return `result`, in slices if it is long.
Term free_then(Process& p, DbObject* chain, Term result) {
  auto job = std::make_unique<FreeJob>(chain);
  if (job->step(p)) return result;
  Term token = p.park_job(std::move(job));
  return p.trap(export_of(p, "$free_cont", 2), {token, result});
}

Term bif_free_cont(Process& p, const Term* a) {
  std::unique_ptr<FreeJob> job = p.take_job<FreeJob>(a[0]);
  if (!job) return p.badarg();
  if (job->step(p)) return a[1];
  Term token = p.park_job(std::move(job));
  return p.trap(export_of(p, "$free_cont", 2), {token, a[1]});
}

Term bif_delete1(Process& p, const Term* a) {
  Word id;
  Table* t = table_for(p, a[0], Need::Write, &id);
  if (t == nullptr) return p.badarg();
  DbObject* chain = nullptr;
  if (!reg(p).destroy(t, id, &chain)) return p.badarg();
  return free_then(p, chain, kTrue);
}

Term bif_delete2(Process& p, const Term* a) {
  Word id;
  Table* t = table_for(p, a[0], Need::Write, &id);
  if (t == nullptr) return p.badarg();
  Term key = a[1];
  return with_key(p, t, id, key, true, [&](Stripe& s, std::uint32_t h) -> Term {
    if (t->hashed()) t->erase_key(s, h, key);
    else t->tree_erase_key(key);
    return kTrue;
  });
}

Term bif_delete_object(Process& p, const Term* a) {
  Word id;
  Table* t = table_for(p, a[0], Need::Write, &id);
  if (t == nullptr || !a[1].is_tuple() || a[1].tuple_arity() < t->kp()) return p.badarg();
  Term obj = a[1];
  Term key = obj.element(t->kp() - 1);
  return with_key(p, t, id, key, true, [&](Stripe& s, std::uint32_t h) -> Term {
    if (t->hashed()) {
      t->erase_object(s, h, key, obj);
    } else {
      auto it = t->tree().find(key);
      if (it != t->tree().end() && exact_equal((*it)->root, obj)) t->tree_erase(it);
    }
    return kTrue;
  });
}

Term bif_delete_all_objects(Process& p, const Term* a) {
  Word id;
  Table* t = table_for(p, a[0], Need::Write, &id);
  if (t == nullptr) return p.badarg();
  DbObject* chain = nullptr;
  {
    AllStripes locks(t, every_stripe(t));
    if (!still(t, id)) return p.badarg();
    chain = t->detach_all();
    t->init_storage();
  }
  return free_then(p, chain, kTrue);
}

// --- update_counter / update_element ---

struct CounterOp {
  Word pos;
  Term incr;
  Term threshold = kNonValue;
  Term set_value = kNonValue;
};

bool parse_counter_op(Term x, Word default_pos, CounterOp& op) {
  if (x.is_integer()) {
    op = {default_pos, x};
    return true;
  }
  if (!x.is_tuple()) return false;
  Word n = x.tuple_arity();
  if ((n != 2 && n != 4) || !x.element(0).is_small() || x.element(0).small_value() < 1 || !x.element(1).is_integer()) {
    return false;
  }
  op = {static_cast<Word>(x.element(0).small_value()), x.element(1)};
  if (n == 4) {
    if (!x.element(2).is_integer() || !x.element(3).is_integer()) return false;
    op.threshold = x.element(2);
    op.set_value = x.element(3);
  }
  return true;
}

Term bif_update_counter_n(Process& p, const Term* a, Term default_obj) {
  Word id;
  Table* t = table_for(p, a[0], Need::Write, &id);
  if (t == nullptr || t->is_bag()) return p.badarg();
  Word kp = t->kp();
  // One operation (the usual case) needs no allocation.
  CounterOp single;
  std::vector<CounterOp> many;
  std::span<const CounterOp> ops(&single, 1);
  bool as_list = a[2].is_list() || a[2].is_nil();
  if (as_list) {
    Term l = a[2];
    for (; l.is_list(); l = l.tail()) {
      CounterOp op;
      if (!parse_counter_op(l.head(), kp + 1, op) || l.head().is_integer()) return p.badarg();
      many.push_back(op);
    }
    if (!l.is_nil()) return p.badarg();
    ops = many;
  } else if (!parse_counter_op(a[2], kp + 1, single)) {
    return p.badarg();
  }
  if (default_obj.is_value() && (!default_obj.is_tuple() || default_obj.tuple_arity() < kp)) return p.badarg();
  Term key = a[1];
  return with_key(p, t, id, key, true, [&](Stripe& s, std::uint32_t h) -> Term {
    DbObject* o = nullptr;
    ets::Tree::iterator it;
    if (t->hashed()) {
      o = t->find(s, h, key);
    } else {
      it = t->tree().find(key);
      if (it != t->tree().end()) o = *it;
    }
    if (o != nullptr && !as_list && single.threshold.is_non_value()) {
      // The lean path: one small counter stays small, written in place.
      if (single.pos > o->arity() || single.pos == kp) return p.badarg();
      Term old = o->element(single.pos);
      if (old.is_small() && single.incr.is_small()) {
        SWord v = old.small_value() + single.incr.small_value();
        if (Term::fits_small(v)) {
          o->data()[single.pos] = Term::small(v).raw();
          return Term::small(v);
        }
      }
    }
    Term tuple = o != nullptr ? o->root : default_obj;
    if (tuple.is_non_value()) return p.badarg();
    Word arity = tuple.tuple_arity();
    std::vector<Term> elems(tuple.tuple_elements(), tuple.tuple_elements() + arity);
    if (o == nullptr) elems[kp - 1] = key;
    std::vector<Term> results;
    bool in_place = o != nullptr;
    for (const CounterOp& op : ops) {
      if (op.pos > arity || op.pos == kp) return p.badarg();
      Term old = elems[op.pos - 1];
      if (!old.is_integer()) return p.badarg();
      Term v = arith_add(p, old, op.incr);
      if (v.is_non_value()) return p.badarg();
      if (op.threshold.is_value()) {
        bool up = compare_terms(p.vm(), op.incr, Term::small(0)) >= 0;
        int c = compare_terms(p.vm(), v, op.threshold);
        if ((up && c > 0) || (!up && c < 0)) v = op.set_value;
      }
      if (!v.is_small() || !old.is_small()) in_place = false;
      elems[op.pos - 1] = v;
      results.push_back(v);
    }
    if (in_place) {
      // Immediates over immediates: written into the stored tuple (we hold
      // the write lock, so no reader is copying it).
      for (const CounterOp& op : ops) o->data()[op.pos] = elems[op.pos - 1].raw();
    } else {
      Word* tmp = p.alloc(1 + arity);
      tmp[0] = make_header(BoxKind::Tuple, arity);
      for (Word i = 0; i < arity; ++i) tmp[1 + i] = elems[i].raw();
      DbObject* neu = ets::make_object(Term::boxed(tmp), h);
      if (o == nullptr) {
        if (t->hashed()) t->insert(s, neu);
        else t->tree_insert(neu);
      } else if (t->hashed()) {
        t->replace(s, o, neu);
      } else {
        t->tree_replace(it, neu);
      }
    }
    if (!as_list) return results[0];
    return make_list(p, results);
  });
}

Term bif_update_counter3(Process& p, const Term* a) { return bif_update_counter_n(p, a, kNonValue); }
Term bif_update_counter4(Process& p, const Term* a) { return bif_update_counter_n(p, a, a[3]); }

Term bif_update_element(Process& p, const Term* a) {
  Word id;
  Table* t = table_for(p, a[0], Need::Write, &id);
  if (t == nullptr || t->is_bag()) return p.badarg();
  Word kp = t->kp();
  std::vector<Word> positions;
  std::vector<Term> values;
  auto parse = [&](Term x) {
    if (!x.is_tuple() || x.tuple_arity() != 2 || !x.element(0).is_small() || x.element(0).small_value() < 1) {
      return false;
    }
    positions.push_back(static_cast<Word>(x.element(0).small_value()));
    values.push_back(x.element(1));
    return true;
  };
  if (a[2].is_tuple()) {
    if (!parse(a[2])) return p.badarg();
  } else {
    Term l = a[2];
    for (; l.is_list(); l = l.tail()) {
      if (!parse(l.head())) return p.badarg();
    }
    if (!l.is_nil()) return p.badarg();
  }
  for (Word pos : positions) {
    if (pos == kp) return p.badarg();
  }
  Term key = a[1];
  return with_key(p, t, id, key, true, [&](Stripe& s, std::uint32_t h) -> Term {
    DbObject* o = nullptr;
    ets::Tree::iterator it;
    if (t->hashed()) {
      o = t->find(s, h, key);
    } else {
      it = t->tree().find(key);
      if (it != t->tree().end()) o = *it;
    }
    if (o == nullptr) return kFalse;
    for (Word pos : positions) {
      if (pos > o->arity()) return p.badarg();
    }
    DbObject* neu = ets::make_object_with(o->root, o->hash, positions.data(), values.data(), positions.size());
    if (t->hashed()) t->replace(s, o, neu);
    else t->tree_replace(it, neu);
    return kTrue;
  });
}

// --- traversals: tab2list, select, match and friends ---

enum ScanOp : SWord { kTab2List, kSelect, kSelectCount, kSelectDelete, kSelectChunk };

// Where a traversal stands, as terms (trap arguments survive collections):
// {Op, MatchSpec, Pos, Limit, Reverse, Count}. Pos is [] at the start, a
// small integer (HashPos::pack) for hash tables, {Key} (the next key to
// visit) for ordered_set.
struct ScanState {
  SWord op;
  Term ms;
  Term pos;
  Word limit;
  bool reverse;
  Word count;
};

Term state_term(Process& p, const ScanState& s) {
  return make_tuple(p, {Term::small(s.op), s.ms, s.pos, Term::small(static_cast<SWord>(s.limit)), make_bool(s.reverse),
                        Term::small(static_cast<SWord>(s.count))});
}

bool parse_state(Term x, ScanState& s) {
  if (!x.is_tuple() || x.tuple_arity() != 6) return false;
  Term op = x.element(0), limit = x.element(3), count = x.element(5);
  if (!op.is_small() || op.small_value() < kTab2List || op.small_value() > kSelectChunk) return false;
  if (!limit.is_small() || limit.small_value() < 0 || !count.is_small() || count.small_value() < 0) return false;
  s = {op.small_value(), x.element(1), x.element(2), static_cast<Word>(limit.small_value()), x.element(4) == kTrue,
       static_cast<Word>(count.small_value())};
  return true;
}

// A list in the other order (a select/3 chunk, built by prepending).
Term reverse_list(Process& p, Term l) {
  Term r = kNil;
  for (; l.is_list(); l = l.tail()) r = make_cons(p, l.head(), r);
  return r;
}

// The continuation term of select/3: {'$ets_select', Tab, MS, Pos, Limit, Reverse}.
Term chunk_result(Process& p, Term tab, const ScanState& s, Term acc, bool done) {
  if (s.count == 0 && done) return ea(p).end_of_table;
  Term cont = done ? ea(p).end_of_table
                   : make_tuple(p, {ea(p).select_cont, tab, s.ms, s.pos, Term::small(static_cast<SWord>(s.limit)),
                                    make_bool(s.reverse)});
  return make_tuple(p, {reverse_list(p, acc), cont});
}

Term run_scan(Process& p, Term tab, ScanState s, Term acc) {
  Word id;
  Table* t = table_for(p, tab, s.op == kSelectDelete ? Need::Write : Need::Read, &id);
  if (t == nullptr) return p.badarg();
  ets::MatchSpec spec(ea(p));
  if (s.op != kTab2List && !spec.compile(p, s.ms)) return p.badarg();
  Word count = s.count;
  auto visit = [&](DbObject* o) -> ets::Visit {
    switch (s.op) {
      case kTab2List:
        acc = make_cons(p, ets::copy_out(p, o), acc);
        break;
      case kSelect:
      case kSelectChunk: {
        Term r = spec.run(p, o);
        if (r.is_value()) {
          acc = make_cons(p, r, acc);
          ++count;
        }
        break;
      }
      case kSelectCount:
        if (spec.run_true(p, o)) ++count;
        break;
      default:
        if (spec.run_true(p, o)) {
          ++count;
          return ets::Visit::Delete;
        }
        break;
    }
    return ets::Visit::Keep;
  };
  bool write = s.op == kSelectDelete;
  Word units = 0;
  ets::ScanResult result;
  // A head that fixes the key: only that key's objects can match.
  Term key = s.op != kTab2List && s.pos.is_nil() ? spec.bound_key(t->kp()) : kNonValue;
  if (key.is_value()) {
    Term r = with_key(p, t, id, key, write, [&](Stripe& st, std::uint32_t h) -> Term {
      if (t->hashed()) {
        DbObject** link = t->bucket_of(st, h);
        while (*link != nullptr && !t->has_key(*link, h, key)) link = &(*link)->next;
        while (*link != nullptr && t->has_key(*link, h, key)) {
          if (visit(*link) == ets::Visit::Delete) t->unlink_free(st, link);
          else link = &(*link)->next;
        }
      } else {
        auto it = t->tree().find(key);
        if (it != t->tree().end() && visit(*it) == ets::Visit::Delete) t->tree_erase(it);
      }
      return kTrue;
    });
    if (r.is_non_value()) return r;
    result = ets::ScanResult::Done;
  } else {
    // Chunks stop at the limit; whole-table results stop at the slice.
    Word budget = kScanSliceUnits;
    auto visit_limited = [&](DbObject* o) {
      ets::Visit v = visit(o);
      if (s.op == kSelectChunk && count >= s.limit) budget = 0;
      return v;
    };
    if (t->hashed()) {
      ets::HashPos pos = s.pos.is_small() ? ets::HashPos::unpack(static_cast<Word>(s.pos.small_value())) : ets::HashPos{};
      result = ets::scan_hash(*t, id, pos, budget, write, units, visit_limited);
      s.pos = Term::small(static_cast<SWord>(pos.pack()));
    } else {
      Term from = s.pos.is_tuple() ? s.pos.element(0) : kNonValue;
      // Whole-table results are built by prepending: visit in the opposite
      // order to the one wanted (tab2list and select ascend, select_reverse
      // descends); chunks are reversed at the end instead.
      bool descending = s.op == kSelectChunk ? s.reverse : !s.reverse;
      Term next_key = kNonValue;
      result = ets::scan_tree(*t, id, from, descending, budget, write, units, visit_limited, [&](DbObject* o) {
        next_key = ets::copy_term_out(p, t->key_of(o));
      });
      if (result == ets::ScanResult::More) s.pos = make_tuple(p, {next_key});
    }
  }
  p.charge(units / kUnitsPerReduction);
  if (result == ets::ScanResult::Gone) return p.badarg();
  s.count = count;
  if (s.op == kSelectChunk) {
    if (result == ets::ScanResult::Done) return chunk_result(p, tab, s, acc, true);
    if (count >= s.limit) return chunk_result(p, tab, s, acc, false);
  }
  if (result == ets::ScanResult::More) {
    return p.trap(export_of(p, "$select_cont", 3), {tab, state_term(p, s), acc});
  }
  switch (s.op) {
    case kSelectCount:
    case kSelectDelete:
      return make_integer(p, static_cast<std::int64_t>(count));
    default:
      return acc;
  }
}

Term bif_select_cont(Process& p, const Term* a) {
  ScanState s;
  if (!parse_state(a[1], s)) return p.badarg();
  return run_scan(p, a[0], s, a[2]);
}

Term start_scan(Process& p, Term tab, SWord op, Term ms, bool reverse = false) {
  return run_scan(p, tab, {op, ms, kNil, 0, reverse, 0}, kNil);
}

Term bif_tab2list(Process& p, const Term* a) { return start_scan(p, a[0], kTab2List, kNil); }
Term bif_select2(Process& p, const Term* a) { return start_scan(p, a[0], kSelect, a[1]); }
Term bif_select_reverse2(Process& p, const Term* a) { return start_scan(p, a[0], kSelect, a[1], true); }
Term bif_select_count(Process& p, const Term* a) { return start_scan(p, a[0], kSelectCount, a[1]); }
Term bif_select_delete(Process& p, const Term* a) { return start_scan(p, a[0], kSelectDelete, a[1]); }

Term select_chunk(Process& p, Term tab, Term ms, Term limit, bool reverse) {
  if (!limit.is_small() || limit.small_value() < 1) return p.badarg();
  return run_scan(p, tab, {kSelectChunk, ms, kNil, static_cast<Word>(limit.small_value()), reverse, 0}, kNil);
}
Term bif_select3(Process& p, const Term* a) { return select_chunk(p, a[0], a[1], a[2], false); }
Term bif_select_reverse3(Process& p, const Term* a) { return select_chunk(p, a[0], a[1], a[2], true); }

// select/1, match/1, match_object/1: the continuation of a chunk.
Term bif_select1(Process& p, const Term* a) {
  Term c = a[0];
  if (c == ea(p).end_of_table) return c;
  if (!c.is_tuple() || c.tuple_arity() != 6 || c.element(0) != ea(p).select_cont || !c.element(4).is_small() ||
      c.element(4).small_value() < 1) {
    return p.badarg();
  }
  ScanState s{kSelectChunk, c.element(2), c.element(3), static_cast<Word>(c.element(4).small_value()),
              c.element(5) == kTrue, 0};
  if (!s.pos.is_small() && !s.pos.is_tuple()) return p.badarg();
  return run_scan(p, c.element(1), s, kNil);
}

// [{Pattern, [], [Body]}]
Term pattern_spec(Process& p, Term pattern, Term body) {
  return make_list(p, std::initializer_list<Term>{make_tuple(p, {pattern, kNil, make_cons(p, body, kNil)})});
}

Term bif_match2(Process& p, const Term* a) { return start_scan(p, a[0], kSelect, pattern_spec(p, a[1], ea(p).dollar_dollar)); }
Term bif_match_object2(Process& p, const Term* a) {
  return start_scan(p, a[0], kSelect, pattern_spec(p, a[1], ea(p).dollar_underscore));
}
Term bif_match3(Process& p, const Term* a) {
  return select_chunk(p, a[0], pattern_spec(p, a[1], ea(p).dollar_dollar), a[2], false);
}
Term bif_match_object3(Process& p, const Term* a) {
  return select_chunk(p, a[0], pattern_spec(p, a[1], ea(p).dollar_underscore), a[2], false);
}

// --- first / next / last / prev ---

// The key after the object `o` in hash order (o == nullptr: from the start
// of stripe `si`, bucket `b`), or '$end_of_table'. Locks one stripe at a time.
Term hash_step(Process& p, Table* t, Word id, Term key, bool from_key) {
  std::uint32_t h = from_key ? ets::hash_key(key) : 0;
  std::uint32_t si = from_key ? (h & t->stripe_mask.load(std::memory_order_relaxed)) : 0;
  bool first_stripe = true;
  for (; si < t->stripe_count(); ++si, first_stripe = false) {
    Stripe& s = t->stripe(si);
    ets::ReadGuard g(s.lock);
    if (!still(t, id)) return p.badarg();
    Word b = 0;
    if (from_key && first_stripe) {
      DbObject* o = t->find(s, h, key);
      if (o == nullptr) return p.badarg();
      while (o != nullptr && t->has_key(o, h, key)) o = o->next;
      if (o != nullptr) return ets::copy_term_out(p, t->key_of(o));
      b = ((h >> ets::kStripeBits) & s.mask) + 1;
    }
    for (; b <= s.mask; ++b) {
      if (DbObject* o = s.buckets[b]) return ets::copy_term_out(p, t->key_of(o));
    }
  }
  return ea(p).end_of_table;
}

enum class Step { First, Last, Next, Prev };

Term tree_step(Process& p, Table* t, Word id, Term key, Step step) {
  ets::ReadGuard g(t->tree_lock());
  if (!still(t, id)) return p.badarg();
  ets::Tree& tr = t->tree();
  ets::Tree::iterator it;
  switch (step) {
    case Step::First: it = tr.begin(); break;
    case Step::Last: it = tr.empty() ? tr.end() : std::prev(tr.end()); break;
    case Step::Next: it = tr.upper_bound(key); break;
    case Step::Prev: {
      auto lb = tr.lower_bound(key);
      it = lb == tr.begin() ? tr.end() : std::prev(lb);
      break;
    }
  }
  if (it == tr.end()) return ea(p).end_of_table;
  return ets::copy_term_out(p, t->key_of(*it));
}

Term step_bif(Process& p, Term tab, Term key, Step step) {
  Word id;
  Table* t = table_for(p, tab, Need::Read, &id);
  if (t == nullptr) return p.badarg();
  if (!t->hashed()) return tree_step(p, t, id, key, step);
  return hash_step(p, t, id, key, step == Step::Next || step == Step::Prev);
}

Term bif_first(Process& p, const Term* a) { return step_bif(p, a[0], kNonValue, Step::First); }
Term bif_last(Process& p, const Term* a) { return step_bif(p, a[0], kNonValue, Step::Last); }
Term bif_next(Process& p, const Term* a) { return step_bif(p, a[0], a[1], Step::Next); }
Term bif_prev(Process& p, const Term* a) { return step_bif(p, a[0], a[1], Step::Prev); }

// --- info, names, ownership ---

Term type_atom(Process& p, Type t) {
  switch (t) {
    case Type::Set: return ea(p).set;
    case Type::OrderedSet: return ea(p).ordered_set;
    case Type::Bag: return ea(p).bag;
    default: return ea(p).duplicate_bag;
  }
}

Term access_atom(Process& p, ets::Access a) {
  switch (a) {
    case ets::Access::Public: return ea(p).public_;
    case ets::Access::Protected: return ea(p).protected_;
    default: return ea(p).private_;
  }
}

// One info item, or kNonValue if unknown.
Term info_item(Process& p, Table* t, Word id, Term item) {
  const ets::EtsAtoms& a = ea(p);
  if (item == a.id) return reg(p).table_ref(p, t, id);
  if (item == a.decentralized_counters) {
    // OTP's default: on for ordered_set with write_concurrency.
    return make_bool(t->kind() == Type::OrderedSet && t->write_concurrency.load(std::memory_order_relaxed));
  }
  if (item == a.read_concurrency) return make_bool(t->read_concurrency.load(std::memory_order_relaxed));
  if (item == a.write_concurrency) return make_bool(t->write_concurrency.load(std::memory_order_relaxed));
  if (item == a.compressed) return kFalse;
  if (item == a.memory) return make_integer(p, static_cast<std::int64_t>(t->memory_words()));
  if (item == a.owner) return Term::pid(t->owner.load(std::memory_order_relaxed));
  if (item == a.heir) {
    Word h = t->heir.load(std::memory_order_relaxed);
    return h == 0 ? a.none : Term::pid(h);
  }
  if (item == a.name) return Term::from_raw(t->name.load(std::memory_order_relaxed));
  if (item == a.size) return make_integer(p, static_cast<std::int64_t>(t->size()));
  if (item == a.node) return atoms::nonode_at_nohost;
  if (item == a.named_table) return make_bool(t->named.load(std::memory_order_relaxed));
  if (item == a.type) return type_atom(p, t->kind());
  if (item == a.keypos) return Term::small(static_cast<SWord>(t->kp()));
  if (item == a.protection) return access_atom(p, t->access.load(std::memory_order_relaxed));
  if (item == a.fixed || item == a.safe_fixed) return kFalse;
  return kNonValue;
}

Term bif_info1(Process& p, const Term* a) {
  if (!a[0].is_ref() && !a[0].is_atom()) return p.badarg();
  Word id;
  Table* t = reg(p).resolve(a[0], &id);
  if (t == nullptr) return atoms::undefined;
  const ets::EtsAtoms& at = ea(p);
  std::vector<Term> items;
  for (Term item : {at.id, at.decentralized_counters, at.read_concurrency, at.write_concurrency, at.compressed,
                    at.memory, at.owner, at.heir, at.name, at.size, at.node, at.named_table, at.type, at.keypos,
                    at.protection}) {
    items.push_back(make_tuple(p, {item, info_item(p, t, id, item)}));
  }
  return make_list(p, items);
}

Term bif_info2(Process& p, const Term* a) {
  if (!a[0].is_ref() && !a[0].is_atom()) return p.badarg();
  Word id;
  Table* t = reg(p).resolve(a[0], &id);
  if (t == nullptr) return atoms::undefined;
  Term v = info_item(p, t, id, a[1]);
  return v.is_value() ? v : p.badarg();
}

Term bif_whereis(Process& p, const Term* a) {
  if (!a[0].is_atom()) return p.badarg();
  Word id;
  Table* t = reg(p).resolve(a[0], &id);
  return t == nullptr ? atoms::undefined : reg(p).table_ref(p, t, id);
}

Term bif_all(Process& p, const Term*) {
  std::vector<Term> out;
  for (auto [t, id] : reg(p).all()) out.push_back(reg(p).table_term(p, t, id));
  return make_list(p, out);
}

Term bif_rename(Process& p, const Term* a) {
  Word id;
  Table* t = table_for(p, a[0], Need::Write, &id);
  if (t == nullptr || !a[1].is_atom()) return p.badarg();
  if (!reg(p).rename(t, id, a[1])) return p.badarg();
  return reg(p).table_term(p, t, id);
}

bool owned_by(Process& p, Term tab, Table*& t, Word& id) {
  t = reg(p).resolve(tab, &id);
  return t != nullptr && t->owner.load(std::memory_order_relaxed) == p.id();
}

Term bif_give_away(Process& p, const Term* a) {
  Table* t;
  Word id;
  if (!owned_by(p, a[0], t, id) || !a[1].is_pid()) return p.badarg();
  Word to = a[1].pid_index();
  if (to == p.id() || !p.vm().processes().alive(to)) return p.badarg();
  if (!reg(p).give_away(p, t, id, to, a[2])) return p.badarg();
  return kTrue;
}

// setopts(Tab, Opts): {heir, Pid, Data} | {heir, none} (others: badarg).
Term bif_setopts(Process& p, const Term* a) {
  Table* t;
  Word id;
  if (!owned_by(p, a[0], t, id)) return p.badarg();
  Term l = a[1].is_tuple() ? make_cons(p, a[1], kNil) : a[1];
  for (; l.is_list(); l = l.tail()) {
    Term o = l.head();
    if (o.is_tuple() && o.tuple_arity() == 2 && o.element(0) == ea(p).heir && o.element(1) == ea(p).none) {
      reg(p).set_heir(t, 0, kNil);
    } else if (o.is_tuple() && o.tuple_arity() == 3 && o.element(0) == ea(p).heir && o.element(1).is_pid()) {
      reg(p).set_heir(t, o.element(1).pid_index(), o.element(2));
    } else {
      return p.badarg();
    }
  }
  return l.is_nil() ? kTrue : p.badarg();
}

// safe_fixtable/2: traversals here are safe without it (scan.h); checks the table.
Term bif_safe_fixtable(Process& p, const Term* a) {
  Word id;
  if (table_for(p, a[0], Need::Read, &id) == nullptr || (a[1] != kTrue && a[1] != kFalse)) return p.badarg();
  return kTrue;
}

// ---- match specifications outside tables (match_spec_compile/1, match_spec_run_r/3)

// A compiled specification is {'$ets_compiled_ms', MS}: OTP's is a magic
// reference, but a tuple keeps the term the runner needs (and survives
// copying between processes, as OTP's does within a node).
Term compiled_ms_tag(Process& p) { return p.vm().atoms().intern("$ets_compiled_ms"); }

Term bif_match_spec_compile(Process& p, const Term* a) {
  ets::MatchSpec spec(ea(p));
  if (!spec.compile(p, a[0])) return p.badarg();
  return make_tuple(p, {compiled_ms_tag(p), a[0]});
}

// match_spec_run_r(List, Compiled, Acc): the body's value for each element
// of List some clause matches (any term, not only tuples), consed onto Acc
// (so in reverse; ets:match_spec_run/2 turns it round).
Term bif_match_spec_run_r(Process& p, const Term* a) {
  Term c = a[1];
  if (!c.is_tuple() || c.tuple_arity() != 2 || c.element(0) != compiled_ms_tag(p)) return p.badarg();
  if (list_length(a[0]) < 0 || list_length(a[2]) < 0) return p.badarg();
  ets::MatchSpec spec(ea(p));
  if (!spec.compile(p, c.element(1))) return p.badarg();
  Term acc = a[2];
  for (Term l = a[0]; l.is_list(); l = l.tail()) {
    // The runner reads stored objects: each element is stored for the
    // moment it is matched (results are copies, independent of it).
    DbObject* o = ets::make_object(l.head(), 0);
    Term r = spec.run(p, o);
    ets::free_object(o);
    if (r.is_value()) acc = make_cons(p, r, acc);
  }
  return acc;
}

constexpr BifSpec kEtsBifs[] = {
    {"ets", "new", 2, bif_new, false},
    {"ets", "insert", 2, bif_insert, false},
    {"ets", "insert_new", 2, bif_insert_new, false},
    {"ets", "lookup", 2, bif_lookup, false},
    {"ets", "lookup_element", 3, bif_lookup_element, false},
    {"ets", "member", 2, bif_member, false},
    {"ets", "take", 2, bif_take, false},
    {"ets", "delete", 1, bif_delete1, false, kMayTrap},
    {"ets", "delete", 2, bif_delete2, false},
    {"ets", "delete_object", 2, bif_delete_object, false},
    {"ets", "delete_all_objects", 1, bif_delete_all_objects, false, kMayTrap},
    {"ets", "$free_cont", 2, bif_free_cont, false, kMayTrap},
    {"ets", "update_counter", 3, bif_update_counter3, false},
    {"ets", "update_counter", 4, bif_update_counter4, false},
    {"ets", "update_element", 3, bif_update_element, false},
    {"ets", "tab2list", 1, bif_tab2list, false, kMayTrap},
    {"ets", "select", 1, bif_select1, false, kMayTrap},
    {"ets", "select", 2, bif_select2, false, kMayTrap},
    {"ets", "select", 3, bif_select3, false, kMayTrap},
    {"ets", "select_reverse", 1, bif_select1, false, kMayTrap},
    {"ets", "select_reverse", 2, bif_select_reverse2, false, kMayTrap},
    {"ets", "select_reverse", 3, bif_select_reverse3, false, kMayTrap},
    {"ets", "select_count", 2, bif_select_count, false, kMayTrap},
    {"ets", "select_delete", 2, bif_select_delete, false, kMayTrap},
    {"ets", "match", 1, bif_select1, false, kMayTrap},
    {"ets", "match", 2, bif_match2, false, kMayTrap},
    {"ets", "match", 3, bif_match3, false, kMayTrap},
    {"ets", "match_object", 1, bif_select1, false, kMayTrap},
    {"ets", "match_object", 2, bif_match_object2, false, kMayTrap},
    {"ets", "match_object", 3, bif_match_object3, false, kMayTrap},
    {"ets", "$select_cont", 3, bif_select_cont, false, kMayTrap},
    {"ets", "first", 1, bif_first, false},
    {"ets", "next", 2, bif_next, false},
    {"ets", "last", 1, bif_last, false},
    {"ets", "prev", 2, bif_prev, false},
    {"ets", "info", 1, bif_info1, false},
    {"ets", "info", 2, bif_info2, false},
    {"ets", "whereis", 1, bif_whereis, false},
    {"ets", "all", 0, bif_all, false},
    {"ets", "rename", 2, bif_rename, false},
    {"ets", "give_away", 3, bif_give_away, false},
    {"ets", "setopts", 2, bif_setopts, false},
    {"ets", "safe_fixtable", 2, bif_safe_fixtable, false},
    {"ets", "match_spec_compile", 1, bif_match_spec_compile, false},
    {"ets", "match_spec_run_r", 3, bif_match_spec_run_r, false},
};

}  // namespace

std::span<const BifSpec> bifs_ets() { return kEtsBifs; }

}  // namespace girder::vm
