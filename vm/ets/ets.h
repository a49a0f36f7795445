// vm/ets/ — Erlang term storage. Owns: the per-VM table registry (this
// file: table ids, names, owners, heirs), the tables and their locks
// (table.h), stored objects copied off the process heaps (object.h), match
// specifications (match_spec.h). May call: term/ (compare, hash, maps),
// heap/ (copy_term), proc/ (process table, signals: the ETS-TRANSFER
// message, alive checks). The BIFs (bif/ets.cpp) are its only callers
// besides the VM (which owns the registry) and the process exit path
// (Registry::process_exited).
//
// Invariants:
// * A table id is a reference term: payload word 0 is the table's unique
//   id (from VM::next_ref_id, so it never repeats), word 1 its slot + 1
//   (ordinary references have 0 there). Named tables are also found by
//   their atom. Either way resolve() gives the slot's Table and the id the
//   operation must validate under the table's lock (table.h).
// * The registry's mutex_ guards creation, deletion, renaming and changes
//   of owner or heir; the name index is also readable without it (atomic
//   loads, see NameIndex). Lookups by id take no registry lock at all.
// * The owner's death deletes its tables or gives them to their heir,
//   from finish_process (proc/signals.cpp), after its inbox is closed.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "vm/ets/table.h"
#include "vm/proc/process.h"
#include "vm/term/term.h"

namespace girder::vm {
class VM;
}

namespace girder::vm::ets {

// Atoms ETS uses beyond atoms.def, interned once per VM.
struct EtsAtoms {
  Term set, ordered_set, bag, duplicate_bag, public_, protected_, private_, named_table, keypos, heir, none,
      read_concurrency, write_concurrency, compressed, decentralized_counters, end_of_table, ets_transfer, id,
      owner, memory, node, protection, underscore, dollar_underscore, dollar_dollar, const_, andalso, orelse,
      ets, size, type, name, fixed, safe_fixed, stats, auto_, exit_upper, select_cont;
};

// Options of ets:new/2, parsed.
struct NewOptions {
  Type type = Type::Set;
  Access access = Access::Protected;
  Word keypos = 1;
  bool named = false;
  bool read_concurrency = false;
  bool write_concurrency = false;
  Word heir = 0;
  Term heir_data = kNil;
};

class Registry {
 public:
  explicit Registry(VM& vm);
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  const EtsAtoms& atoms() const { return atoms_; }
  VM& vm() { return vm_; }

  // A new table owned by `owner`, named `name`; nullptr if the name is
  // taken by a named table. *id receives the table's id.
  Table* create(Process& owner, Term name, const NewOptions& o, Word* id);
  // The table `tab` (a reference or a name) stands for, and its id; nullptr
  // if there is none.
  Table* resolve(Term tab, Word* id) const;
  // What ets:new returns and messages carry: the name of a named table,
  // else its reference (built on p's heap).
  Term table_term(Process& p, Table* t, Word id) const;
  // The reference of a table (ets:whereis, info id).
  Term table_ref(Process& p, Table* t, Word id) const;

  // Delete table `t` if it still has id `id`: unreachable at once; its
  // objects are returned as a chain for the caller to free (free_chain,
  // perhaps in slices). False if already gone.
  bool destroy(Table* t, Word id, DbObject** objects);
  static Word free_chain(DbObject*& chain, Word budget);
  // rename/2: false if the table is gone or a named table has `name`.
  bool rename(Table* t, Word id, Term name);
  // give_away/3: make `to` the owner and send it {'ETS-TRANSFER', Tab,
  // From, Data} from p. The caller checked that p owns the table and `to`
  // is alive and another process. False if the table is gone.
  bool give_away(Process& p, Table* t, Word id, Word to, Term data);
  // setopts heir / new: replace the heir (data copied off p's heap).
  void set_heir(Table* t, Word heir, Term data);
  // The heir's data copied onto p's heap.
  Term heir_data(Process& p, Table* t);
  // Every table: names of named tables, references of the others.
  std::vector<std::pair<Table*, Word>> all();

  // The process `p` has ended: give its tables to their heirs or delete
  // them. Cheap when no table exists.
  void process_exited(Process& p, int worker);

 private:
  // Name -> slot, open addressing over atomic words so that readers take
  // no lock; writers hold mutex_. Replaced arrays are kept until the
  // registry dies (a reader may still be probing one).
  class NameIndex {
   public:
    NameIndex();
    ~NameIndex();
    // The slot registered under the atom, or -1.
    std::int64_t find(Term name) const;
    void insert(Term name, std::uint32_t slot);
    void erase(Term name);

   private:
    struct Array {
      Word capacity;
      std::unique_ptr<std::atomic<Word>[]> entries;
    };
    void rebuild(Word capacity);
    std::atomic<Array*> current_;
    std::vector<std::unique_ptr<Array>> arrays_;
    Word used_ = 0;  // live entries plus tombstones
  };

  static constexpr Word kChunkSlots = 256;
  static constexpr Word kMaxChunks = 16384;

  Table* slot_table(Word slot) const;
  std::uint32_t take_slot();
  void add_owned(Word pid, std::uint32_t slot);
  bool remove_owned(Word pid, std::uint32_t slot);
  std::vector<std::uint32_t> take_owned(Word pid);
  void destroy_locked(Table* t, DbObject** objects);
  // Send {'ETS-TRANSFER', Tab, From, Data} from p to `to`; false if `to`
  // has already closed its inbox.
  bool send_transfer(Process& p, Table* t, Word id, Word to, Term data, int worker);
  // After a failed transfer message: delete the table unless `to`'s exit
  // already took it.
  void reclaim_or_keep(Process& p, Table* t, Word id, Word to);

  VM& vm_;
  EtsAtoms atoms_;
  std::mutex mutex_;
  // Slot -> Table, in chunks published once (release) and never moved.
  std::atomic<std::atomic<Table*>*> chunks_[kMaxChunks] = {};
  std::vector<std::unique_ptr<std::atomic<Table*>[]>> chunk_storage_;
  std::vector<std::unique_ptr<Table>> tables_;  // every slot's Table (owned)
  std::vector<std::uint32_t> free_slots_;
  NameIndex names_;
  // Tables by owner pid, in shards (process exits look here).
  static constexpr std::size_t kOwnerShards = 16;
  struct OwnerShard {
    std::mutex mutex;
    std::unordered_map<Word, std::vector<std::uint32_t>> tables;
  };
  OwnerShard owners_[kOwnerShards];
  // relaxed: a hint for process_exited's fast path; a table is counted
  // before its owner can exit (the owner is creating it).
  std::atomic<Word> live_{0};
};

}  // namespace girder::vm::ets
