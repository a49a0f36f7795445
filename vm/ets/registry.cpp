// The table registry: slots, names, owners, heirs (see ets.h).
#include <algorithm>

#include "vm/ets/ets.h"
#include "vm/proc/process_table.h"
#include "vm/proc/signals.h"
#include "vm/term/build.h"
#include "vm/vm.h"

namespace girder::vm::ets {

namespace {

constexpr Word kTomb = 1;

Word name_mix(Word atom_index) { return (atom_index + 1) * 0x9E3779B97F4A7C15ULL; }

}  // namespace

// --- NameIndex ---

Registry::NameIndex::NameIndex() {
  auto a = std::make_unique<Array>();
  a->capacity = 64;
  a->entries = std::make_unique<std::atomic<Word>[]>(64);
  current_.store(a.get(), std::memory_order_release);
  arrays_.push_back(std::move(a));
}

Registry::NameIndex::~NameIndex() = default;

std::int64_t Registry::NameIndex::find(Term name) const {
  // acquire: the array's entries were written before it was published.
  const Array* a = current_.load(std::memory_order_acquire);
  Word mask = a->capacity - 1;
  Word want = name.atom_index() + 1;
  for (Word h = name_mix(name.atom_index()) >> 40 & mask;; h = (h + 1) & mask) {
    // relaxed: a stale answer is caught by the caller's id/name check.
    Word e = a->entries[h].load(std::memory_order_acquire);
    if (e == 0) return -1;
    if (e != kTomb && (e >> 32) == want) return static_cast<std::int64_t>(e & 0xffffffffu);
  }
}

void Registry::NameIndex::rebuild(Word capacity) {
  const Array* old = current_.load(std::memory_order_relaxed);
  auto a = std::make_unique<Array>();
  a->capacity = capacity;
  a->entries = std::make_unique<std::atomic<Word>[]>(capacity);
  Word mask = capacity - 1;
  used_ = 0;
  for (Word i = 0; i < old->capacity; ++i) {
    Word e = old->entries[i].load(std::memory_order_relaxed);
    if (e == 0 || e == kTomb) continue;
    Word h = name_mix((e >> 32) - 1) >> 40 & mask;
    while (a->entries[h].load(std::memory_order_relaxed) != 0) h = (h + 1) & mask;
    a->entries[h].store(e, std::memory_order_relaxed);
    ++used_;
  }
  // release: readers that load the new array see its entries.
  current_.store(a.get(), std::memory_order_release);
  arrays_.push_back(std::move(a));
}

void Registry::NameIndex::insert(Term name, std::uint32_t slot) {
  Array* a = current_.load(std::memory_order_relaxed);
  if ((used_ + 1) * 2 > a->capacity) {
    rebuild(a->capacity * 2);
    a = current_.load(std::memory_order_relaxed);
  }
  Word mask = a->capacity - 1;
  Word h = name_mix(name.atom_index()) >> 40 & mask;
  for (;; h = (h + 1) & mask) {
    Word e = a->entries[h].load(std::memory_order_relaxed);
    if (e == 0 || e == kTomb) {
      if (e == 0) ++used_;
      break;
    }
  }
  // release: pairs with find's acquire.
  a->entries[h].store(((name.atom_index() + 1) << 32) | slot, std::memory_order_release);
}

void Registry::NameIndex::erase(Term name) {
  Array* a = current_.load(std::memory_order_relaxed);
  Word mask = a->capacity - 1;
  Word want = name.atom_index() + 1;
  for (Word h = name_mix(name.atom_index()) >> 40 & mask;; h = (h + 1) & mask) {
    Word e = a->entries[h].load(std::memory_order_relaxed);
    if (e == 0) return;
    if (e != kTomb && (e >> 32) == want) {
      a->entries[h].store(kTomb, std::memory_order_release);
      return;
    }
  }
}

// --- Registry ---

Registry::Registry(VM& vm) : vm_(vm) {
  AtomTable& a = vm.atoms();
  atoms_ = EtsAtoms{
      a.intern("set"), a.intern("ordered_set"), a.intern("bag"), a.intern("duplicate_bag"),
      a.intern("public"), a.intern("protected"), a.intern("private"), a.intern("named_table"),
      a.intern("keypos"), a.intern("heir"), a.intern("none"), a.intern("read_concurrency"),
      a.intern("write_concurrency"), a.intern("compressed"), a.intern("decentralized_counters"),
      a.intern("$end_of_table"), a.intern("ETS-TRANSFER"), a.intern("id"), a.intern("owner"),
      a.intern("memory"), a.intern("node"), a.intern("protection"), a.intern("_"), a.intern("$_"),
      a.intern("$$"), a.intern("const"), a.intern("andalso"), a.intern("orelse"), a.intern("ets"),
      a.intern("size"), a.intern("type"), a.intern("name"), a.intern("fixed"), a.intern("safe_fixed"),
      a.intern("stats"), a.intern("auto"), a.intern("EXIT"), a.intern("$ets_select"),
  };
}

Registry::~Registry() = default;

Table* Registry::slot_table(Word slot) const {
  Word chunk = slot / kChunkSlots;
  if (chunk >= kMaxChunks) return nullptr;
  // acquire: the chunk's slots were zeroed before it was published.
  std::atomic<Table*>* c = chunks_[chunk].load(std::memory_order_acquire);
  if (c == nullptr) return nullptr;
  // acquire: the Table was constructed before its slot was published.
  return c[slot % kChunkSlots].load(std::memory_order_acquire);
}

std::uint32_t Registry::take_slot() {
  if (!free_slots_.empty()) {
    std::uint32_t s = free_slots_.back();
    free_slots_.pop_back();
    return s;
  }
  auto slot = static_cast<std::uint32_t>(tables_.size());
  Word chunk = slot / kChunkSlots;
  if (chunk >= kMaxChunks) throw std::bad_alloc();
  if (chunks_[chunk].load(std::memory_order_relaxed) == nullptr) {
    chunk_storage_.push_back(std::make_unique<std::atomic<Table*>[]>(kChunkSlots));
    chunks_[chunk].store(chunk_storage_.back().get(), std::memory_order_release);
  }
  tables_.push_back(std::make_unique<Table>(vm_, slot));
  chunks_[chunk].load(std::memory_order_relaxed)[slot % kChunkSlots].store(tables_.back().get(),
                                                                           std::memory_order_release);
  return slot;
}

void Registry::add_owned(Word pid, std::uint32_t slot) {
  OwnerShard& s = owners_[pid % kOwnerShards];
  std::lock_guard lock(s.mutex);
  s.tables[pid].push_back(slot);
}

bool Registry::remove_owned(Word pid, std::uint32_t slot) {
  OwnerShard& s = owners_[pid % kOwnerShards];
  std::lock_guard lock(s.mutex);
  auto it = s.tables.find(pid);
  if (it == s.tables.end()) return false;
  auto& v = it->second;
  auto pos = std::find(v.begin(), v.end(), slot);
  if (pos == v.end()) return false;
  v.erase(pos);
  if (v.empty()) s.tables.erase(it);
  return true;
}

std::vector<std::uint32_t> Registry::take_owned(Word pid) {
  OwnerShard& s = owners_[pid % kOwnerShards];
  std::lock_guard lock(s.mutex);
  auto it = s.tables.find(pid);
  if (it == s.tables.end()) return {};
  std::vector<std::uint32_t> v = std::move(it->second);
  s.tables.erase(it);
  return v;
}

Table* Registry::create(Process& owner, Term name, const NewOptions& o, Word* id) {
  std::unique_lock lock(mutex_);
  if (o.named) {
    std::int64_t s = names_.find(name);
    if (s >= 0) return nullptr;
  }
  std::uint32_t slot = take_slot();
  Table* t = slot_table(slot);
  t->type.store(o.type, std::memory_order_relaxed);
  t->access.store(o.access, std::memory_order_relaxed);
  t->keypos.store(static_cast<std::uint32_t>(o.keypos), std::memory_order_relaxed);
  bool striped = o.type != Type::OrderedSet && (o.read_concurrency || o.write_concurrency);
  t->stripe_mask.store(striped ? kMaxStripes - 1 : 0, std::memory_order_relaxed);
  t->read_concurrency.store(o.read_concurrency, std::memory_order_relaxed);
  t->write_concurrency.store(o.write_concurrency, std::memory_order_relaxed);
  t->owner.store(owner.id(), std::memory_order_relaxed);
  t->name.store(name.raw(), std::memory_order_relaxed);
  t->named.store(o.named, std::memory_order_relaxed);
  t->heir.store(o.heir, std::memory_order_relaxed);
  t->heir_data = o.heir != 0 ? make_object(o.heir_data, 0) : nullptr;
  t->init_storage();
  *id = vm_.next_ref_id();
  // release: everything above is visible to whoever sees the id.
  t->id.store(*id, std::memory_order_release);
  if (o.named) names_.insert(name, slot);
  live_.fetch_add(1, std::memory_order_relaxed);
  lock.unlock();
  add_owned(owner.id(), slot);
  return t;
}

Table* Registry::resolve(Term tab, Word* id) const {
  Table* t;
  if (tab.is_ref()) {
    const Word* w = tab.box_ptr();
    if (w[2] == 0) return nullptr;
    t = slot_table(w[2] - 1);
    if (t == nullptr) return nullptr;
    *id = w[1];
  } else if (tab.is_atom()) {
    std::int64_t s = names_.find(tab);
    if (s < 0) return nullptr;
    t = slot_table(static_cast<Word>(s));
    if (t == nullptr) return nullptr;
    // acquire: pairs with create's release (the options are set).
    *id = t->id.load(std::memory_order_acquire);
    if (!t->named.load(std::memory_order_relaxed) || t->name.load(std::memory_order_relaxed) != tab.raw()) {
      return nullptr;
    }
  } else {
    return nullptr;
  }
  // acquire: as above. The caller checks the id again under the lock.
  if (*id == 0 || t->id.load(std::memory_order_acquire) != *id) return nullptr;
  return t;
}

Term Registry::table_ref(Process& p, Table* t, Word id) const {
  Word* w = p.alloc(kRefObjectWords);
  w[0] = make_header(BoxKind::Ref, kRefWords);
  w[1] = id;
  w[2] = t->slot() + 1;
  return Term::boxed(w);
}

Term Registry::table_term(Process& p, Table* t, Word id) const {
  if (t->named.load(std::memory_order_relaxed)) return Term::from_raw(t->name.load(std::memory_order_relaxed));
  return table_ref(p, t, id);
}

void Registry::destroy_locked(Table* t, DbObject** objects) {
  std::uint32_t n = t->stripe_count();
  for (std::uint32_t i = 0; i < n; ++i) t->stripe(i).lock.lock();
  t->id.store(0, std::memory_order_relaxed);
  *objects = t->detach_all();
  for (std::uint32_t i = n; i-- > 0;) t->stripe(i).lock.unlock();
  if (t->named.load(std::memory_order_relaxed)) names_.erase(Term::from_raw(t->name.load(std::memory_order_relaxed)));
  remove_owned(t->owner.load(std::memory_order_relaxed), t->slot());
  if (t->heir_data != nullptr) free_object(t->heir_data);
  t->heir_data = nullptr;
  t->heir.store(0, std::memory_order_relaxed);
  t->named.store(false, std::memory_order_relaxed);
  free_slots_.push_back(t->slot());
  live_.fetch_sub(1, std::memory_order_relaxed);
}

bool Registry::destroy(Table* t, Word id, DbObject** objects) {
  std::lock_guard lock(mutex_);
  if (t->id.load(std::memory_order_relaxed) != id) return false;
  destroy_locked(t, objects);
  return true;
}

Word Registry::free_chain(DbObject*& chain, Word budget) {
  Word n = 0;
  while (chain != nullptr && n < budget) {
    DbObject* next = chain->next;
    free_object(chain);
    chain = next;
    ++n;
  }
  return n;
}

bool Registry::rename(Table* t, Word id, Term name) {
  std::lock_guard lock(mutex_);
  if (t->id.load(std::memory_order_relaxed) != id) return false;
  Term old = Term::from_raw(t->name.load(std::memory_order_relaxed));
  if (t->named.load(std::memory_order_relaxed)) {
    if (old == name) return true;
    if (names_.find(name) >= 0) return false;
    names_.erase(old);
    t->name.store(name.raw(), std::memory_order_relaxed);
    names_.insert(name, t->slot());
  } else {
    t->name.store(name.raw(), std::memory_order_relaxed);
  }
  return true;
}

bool Registry::send_transfer(Process& p, Table* t, Word id, Word to, Term data, int worker) {
  Term msg = make_tuple(p, {atoms_.ets_transfer, table_term(p, t, id), p.self(), data});
  Signal* s = message_signal(p.self(), msg);
  if (!post_signal(vm_, to, s, worker)) {
    free_signal(s);
    return false;
  }
  return true;
}

void Registry::reclaim_or_keep(Process& p, Table* t, Word id, Word to) {
  (void)p;
  DbObject* objects = nullptr;
  {
    std::lock_guard lock(mutex_);
    if (t->id.load(std::memory_order_relaxed) != id || t->owner.load(std::memory_order_relaxed) != to) return;
    // `to` closed its inbox: if its exit has not taken the table yet, we delete it.
    OwnerShard& s = owners_[to % kOwnerShards];
    {
      std::lock_guard shard_lock(s.mutex);
      auto it = s.tables.find(to);
      if (it == s.tables.end() || std::find(it->second.begin(), it->second.end(), t->slot()) == it->second.end()) {
        return;
      }
    }
    destroy_locked(t, &objects);
  }
  free_chain(objects, ~Word{0});
}

bool Registry::give_away(Process& p, Table* t, Word id, Word to, Term data) {
  {
    std::lock_guard lock(mutex_);
    if (t->id.load(std::memory_order_relaxed) != id) return false;
    Word from = t->owner.load(std::memory_order_relaxed);
    t->owner.store(to, std::memory_order_relaxed);
    remove_owned(from, t->slot());
    add_owned(to, t->slot());
  }
  if (!send_transfer(p, t, id, to, data, p.worker())) reclaim_or_keep(p, t, id, to);
  return true;
}

void Registry::set_heir(Table* t, Word heir, Term data) {
  DbObject* fresh = heir != 0 ? make_object(data, 0) : nullptr;
  DbObject* old;
  {
    std::lock_guard lock(mutex_);
    old = t->heir_data;
    t->heir_data = fresh;
    t->heir.store(heir, std::memory_order_relaxed);
  }
  if (old != nullptr) free_object(old);
}

Term Registry::heir_data(Process& p, Table* t) {
  std::lock_guard lock(mutex_);
  return t->heir_data != nullptr ? copy_out(p, t->heir_data) : kNil;
}

std::vector<std::pair<Table*, Word>> Registry::all() {
  std::lock_guard lock(mutex_);
  std::vector<std::pair<Table*, Word>> out;
  for (auto& t : tables_) {
    Word id = t->id.load(std::memory_order_relaxed);
    if (id != 0) out.emplace_back(t.get(), id);
  }
  return out;
}

void Registry::process_exited(Process& p, int worker) {
  if (live_.load(std::memory_order_relaxed) == 0) return;
  std::vector<std::uint32_t> slots = take_owned(p.id());
  for (std::uint32_t slot : slots) {
    Table* t = slot_table(slot);
    std::unique_lock lock(mutex_);
    Word id = t->id.load(std::memory_order_relaxed);
    if (id == 0 || t->owner.load(std::memory_order_relaxed) != p.id()) continue;
    Word heir = t->heir.load(std::memory_order_relaxed);
    if (heir != 0 && heir != p.id() && vm_.processes().alive(heir)) {
      t->owner.store(heir, std::memory_order_relaxed);
      add_owned(heir, slot);
      Term data = t->heir_data != nullptr ? copy_out(p, t->heir_data) : kNil;
      lock.unlock();
      if (!send_transfer(p, t, id, heir, data, worker)) reclaim_or_keep(p, t, id, heir);
      continue;
    }
    DbObject* objects = nullptr;
    // The owner list entry is already gone (take_owned).
    destroy_locked(t, &objects);
    lock.unlock();
    free_chain(objects, ~Word{0});
  }
}

}  // namespace girder::vm::ets
