/*
 * girder.h: Girder's embedding API, plain C99 (usable from C and C++).
 *
 * A host program creates one or more VMs, loads Erlang modules into them,
 * calls functions, spawns processes, exchanges messages through host
 * mailboxes and lets Erlang code call C functions (natives). The guide is
 * docs/embedding.md; this header is the reference, function by function.
 *
 * Rules stated once:
 *
 * Status codes. Every function that can fail returns a girder_status;
 *   GIRDER_OK (0) is success. After a failure, girder_last_error() holds a
 *   sentence for the calling thread. No C++ exception and no longjmp ever
 *   crosses this API.
 *
 * Terms and arenas. A girder_term is a handle to an Erlang term that lives
 *   in a girder_arena. An arena owns every term made in it (by a builder, a
 *   call's result, a received message) and frees them all at once with
 *   girder_arena_free() or girder_arena_clear(). A term is valid only with
 *   the arena it was made in: passing it with another arena, after the
 *   arena was cleared, or after the VM was destroyed returns
 *   GIRDER_EBADARG or GIRDER_ECLOSED, never a crash. girder_term_copy()
 *   moves a term to another arena of the same VM. Terms sent to a process
 *   or passed to a call are copied into the VM; the arena keeps its own.
 *
 * Threads. A girder_vm may be used from any number of host threads at
 *   once. A girder_arena is used by one thread at a time (no locking
 *   inside). A girder_mailbox may be received from by one thread at a time;
 *   its pid may be used anywhere.
 *
 * Modes. By default the VM runs its own scheduler threads and calls block
 *   the calling host thread until they finish. With
 *   options.schedulers = GIRDER_HOST_DRIVEN the VM has no threads of its
 *   own: Erlang code runs only inside girder_run_for(), girder_call() and
 *   girder_mailbox_receive(), on the calling thread.
 *
 * Lifetime. girder_vm_free() stops every process, ends calls and receives
 *   in flight in other threads with GIRDER_ECLOSED, and frees the VM.
 *   Arenas and mailboxes made from it stay valid objects that answer
 *   GIRDER_ECLOSED until the host frees them. Using the girder_vm pointer
 *   itself after girder_vm_free() is undefined, as with free().
 */
#ifndef GIRDER_H
#define GIRDER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define GIRDER_API __attribute__((visibility("default")))
#else
#define GIRDER_API
#endif

/* The API's version: major * 10000 + minor * 100 + patch. A major change
 * breaks source or binary compatibility; a minor one only adds. */
#define GIRDER_API_VERSION 10000
GIRDER_API int girder_version(void);

typedef enum girder_status {
  GIRDER_OK = 0,
  GIRDER_EBADARG = 1,    /* a bad argument: NULL, wrong term type, term of another arena, bad name */
  GIRDER_EEXCEPTION = 2, /* the Erlang code raised; the result is {Class, Reason, Stacktrace} */
  GIRDER_ETIMEOUT = 3,   /* the timeout passed (a call's process is killed) */
  GIRDER_ENOPROC = 4,    /* no such process or registered name */
  GIRDER_EUNDEF = 5,     /* the function is not defined (and its module could not be loaded) */
  GIRDER_ELOAD = 6,      /* loading failed: compile errors, a bad module file, old code in use */
  GIRDER_ECLOSED = 7,    /* the VM was destroyed or halted, or the mailbox was freed */
  GIRDER_ENOMEM = 8,     /* out of memory, or a heap limit was reached */
  GIRDER_ERANGE = 9,     /* a value does not fit the C type asked for */
  GIRDER_EBUSY = 10,     /* host-driven mode: another thread is running the VM */
  GIRDER_EIO = 11        /* a file could not be read */
} girder_status;

/* The text of the last failure on the calling thread ("" if none). Valid
 * until the thread's next call into this API. */
GIRDER_API const char* girder_last_error(void);
/* "GIRDER_OK", "GIRDER_EBADARG", ... */
GIRDER_API const char* girder_status_name(girder_status status);

typedef struct girder_vm girder_vm;
typedef struct girder_arena girder_arena;
typedef struct girder_mailbox girder_mailbox;
typedef struct girder_native_call girder_native_call;
typedef uint64_t girder_term;

/* ------------------------------------------------------------------ VM */

#define GIRDER_HOST_DRIVEN (-1)

/* Where the VM's standard output (stream 1) and standard error (2) go.
 * Called from VM threads; must not call back into the API. */
typedef void (*girder_output_fn)(void* userdata, int stream, const char* data, size_t length);

/* Memory for process heaps (the bulk of a VM's memory). `allocate` returns
 * storage aligned to 16 bytes or NULL; `release` takes what allocate gave.
 * Called from any VM thread at any time: must be thread-safe. */
typedef struct girder_allocator {
  void* (*allocate)(void* userdata, size_t size);
  void (*release)(void* userdata, void* block, size_t size);
  void* userdata;
} girder_allocator;

typedef struct girder_options {
  size_t size;    /* sizeof(girder_options), set by girder_options_init */
  int schedulers; /* scheduler threads; 0: one per core; GIRDER_HOST_DRIVEN: none */
  int jit;        /* 1: native code where the machine supports it (default); 0: interpret */
  const char* const* code_path; /* directories searched for modules not loaded yet */
  size_t code_path_count;
  /* Heap limit of every process, in bytes (0: none). A process over it is
   * killed with reason `killed` and an error report, as max_heap_size. */
  size_t process_heap_limit;
  /* Limit on all process heaps of the VM together, in bytes (0: none),
   * checked when a heap grows: the process whose growth passes it is
   * killed the same way. Terms held in arenas count too. */
  size_t vm_heap_limit;
  girder_output_fn output; /* NULL: the host process's stdout and stderr */
  void* output_userdata;
  /* Where process heaps (and arenas' terms) get their memory; NULL:
   * malloc. Copied at creation; both functions required. Other memory
   * (message buffers in flight, tables, code) still comes from malloc. */
  const girder_allocator* allocator;
} girder_options;

/* Fill `options` with the defaults. Always call it before setting fields. */
GIRDER_API void girder_options_init(girder_options* options);

/* Create a VM (its schedulers are running when this returns, unless
 * host-driven). `options` may be NULL for the defaults. */
GIRDER_API girder_status girder_vm_new(const girder_options* options, girder_vm** out);
/* Stop every process and free the VM (see Lifetime above). NULL is ignored. */
GIRDER_API void girder_vm_free(girder_vm* vm);

/* Host-driven mode: run Erlang processes on the calling thread for up to
 * `microseconds` (checked between time slices of about 4000 reductions).
 * *idle (optional) is set to 1 when it returned early because nothing was
 * runnable. GIRDER_EBUSY if another thread is running the VM right now. */
GIRDER_API girder_status girder_run_for(girder_vm* vm, uint64_t microseconds, int* idle);

/* Host-driven mode: block until a timer, I/O or another thread makes a
 * process runnable, or `timeout_ms` passes (*woken = 0 then). */
GIRDER_API girder_status girder_wait_for_work(girder_vm* vm, int64_t timeout_ms, int* woken);

/* ------------------------------------------------------------- modules */

#define GIRDER_LOAD_PURGE 1 /* kill processes still running old code instead of refusing */

/* Load a module from a file: Erlang source (.erl, compiled in memory) or a
 * module file (.gbc). A module already loaded gets a new version, with
 * `girder load`'s semantics (docs/internals/hot_loading.md): fully
 * qualified calls reach the new code, running processes finish the old;
 * refused (GIRDER_ELOAD) while processes still run the version before the
 * old one, unless GIRDER_LOAD_PURGE. Errors (file:line:col: message, one
 * per line) are in girder_last_error(). `module_name` (optional, may be
 * NULL) receives the module's name as an atom term valid in every arena. */
GIRDER_API girder_status girder_load_file(girder_vm* vm, const char* path, int flags, girder_term* module_name);
/* The same from memory: `data` is Erlang source or a module file's bytes
 * (told apart by the module file's magic). `name_hint` names the source in
 * error messages (may be NULL). */
GIRDER_API girder_status girder_load_memory(girder_vm* vm, const char* name_hint, const void* data, size_t length,
                                            int flags, girder_term* module_name);

/* ------------------------------------------------------------- arenas */

GIRDER_API girder_status girder_arena_new(girder_vm* vm, girder_arena** out);
/* Free every term of the arena and the arena. NULL is ignored. Allowed
 * after the VM was freed. */
GIRDER_API void girder_arena_free(girder_arena* arena);
/* Free every term of the arena, keeping the arena for reuse. */
GIRDER_API void girder_arena_clear(girder_arena* arena);
/* Copy `term` of arena `from` into arena `to` (same VM). */
GIRDER_API girder_status girder_term_copy(girder_arena* from, girder_term term, girder_arena* to, girder_term* out);

/* ------------------------------------------------------ building terms */

GIRDER_API girder_status girder_make_int(girder_arena* a, int64_t value, girder_term* out);
GIRDER_API girder_status girder_make_uint(girder_arena* a, uint64_t value, girder_term* out);
/* An integer of any size from its text in `base` (2..36), e.g. "-123456789012345678901234567890". */
GIRDER_API girder_status girder_make_int_text(girder_arena* a, const char* text, int base, girder_term* out);
GIRDER_API girder_status girder_make_float(girder_arena* a, double value, girder_term* out);
/* An atom from UTF-8 text (at most 255 characters, as in Erlang). */
GIRDER_API girder_status girder_make_atom(girder_arena* a, const char* name, size_t length, girder_term* out);
GIRDER_API girder_status girder_make_binary(girder_arena* a, const void* data, size_t length, girder_term* out);
/* A list of code points from UTF-8 text (an Erlang string). */
GIRDER_API girder_status girder_make_string(girder_arena* a, const char* utf8, size_t length, girder_term* out);
GIRDER_API girder_status girder_make_tuple(girder_arena* a, const girder_term* elements, size_t count,
                                           girder_term* out);
/* [e0, e1, ... | tail]; `tail` 0 means []. */
GIRDER_API girder_status girder_make_list(girder_arena* a, const girder_term* elements, size_t count,
                                          girder_term tail, girder_term* out);
/* A map; a key given twice keeps the last value, as maps:from_list/1. */
GIRDER_API girder_status girder_make_map(girder_arena* a, const girder_term* keys, const girder_term* values,
                                         size_t count, girder_term* out);
/* Parse one Erlang term from text ("{ok, [1,2,3]}", with or without the
 * final '.'). */
GIRDER_API girder_status girder_parse_term(girder_arena* a, const char* text, size_t length, girder_term* out);

/* --------------------------------------------------- inspecting terms */

typedef enum girder_type {
  GIRDER_TYPE_INTEGER = 1,
  GIRDER_TYPE_FLOAT,
  GIRDER_TYPE_ATOM,
  GIRDER_TYPE_BINARY, /* a binary, or a bitstring whose size is not whole bytes */
  GIRDER_TYPE_TUPLE,
  GIRDER_TYPE_NIL,    /* [] */
  GIRDER_TYPE_LIST,   /* a cons cell */
  GIRDER_TYPE_MAP,
  GIRDER_TYPE_PID,
  GIRDER_TYPE_PORT,
  GIRDER_TYPE_REFERENCE,
  GIRDER_TYPE_FUN
} girder_type;

/* The term's type, or 0 if the term is not valid in this arena. */
GIRDER_API girder_type girder_type_of(girder_arena* a, girder_term t);
/* GIRDER_ERANGE if the integer does not fit. */
GIRDER_API girder_status girder_get_int(girder_arena* a, girder_term t, int64_t* out);
/* An integer of any size as text in `base`: the text stays valid until the
 * arena is cleared. */
GIRDER_API girder_status girder_get_int_text(girder_arena* a, girder_term t, int base, const char** text,
                                             size_t* length);
/* A float, or an integer converted to double. */
GIRDER_API girder_status girder_get_float(girder_arena* a, girder_term t, double* out);
/* The atom's name in UTF-8 (valid while the VM lives). */
GIRDER_API girder_status girder_get_atom(girder_arena* a, girder_term t, const char** name, size_t* length);
/* The bytes of a binary (valid while the arena holds the term). */
GIRDER_API girder_status girder_get_binary(girder_arena* a, girder_term t, const void** data, size_t* length);
/* A string (list of code points) or binary as UTF-8; the text stays valid
 * until the arena is cleared. */
GIRDER_API girder_status girder_get_string(girder_arena* a, girder_term t, const char** utf8, size_t* length);
GIRDER_API girder_status girder_tuple_size(girder_arena* a, girder_term t, size_t* size);
GIRDER_API girder_status girder_tuple_element(girder_arena* a, girder_term t, size_t index, girder_term* out);
/* The head and tail of a cons cell (GIRDER_EBADARG on []). */
GIRDER_API girder_status girder_list_cell(girder_arena* a, girder_term t, girder_term* head, girder_term* tail);
/* The length of a proper list (GIRDER_EBADARG if improper). */
GIRDER_API girder_status girder_list_length(girder_arena* a, girder_term t, size_t* length);
GIRDER_API girder_status girder_map_size(girder_arena* a, girder_term t, size_t* size);
/* The value under `key` (GIRDER_ERANGE when the key is absent). */
GIRDER_API girder_status girder_map_get(girder_arena* a, girder_term map, girder_term key, girder_term* value);
/* The i-th pair in term order of keys (0 <= i < size). */
GIRDER_API girder_status girder_map_entry(girder_arena* a, girder_term map, size_t index, girder_term* key,
                                          girder_term* value);
/* Erlang's exact equality (=:=) and term order (-1, 0, 1). */
GIRDER_API int girder_term_equal(girder_arena* a, girder_term x, girder_term y);
GIRDER_API int girder_term_compare(girder_arena* a, girder_term x, girder_term y);
/* The term printed as io:format("~p") prints it (80 columns); the text
 * stays valid until the arena is cleared. */
GIRDER_API girder_status girder_format(girder_arena* a, girder_term t, const char** text, size_t* length);

/* ------------------------------------------------- processes and calls */

/* Call M:F(Args...) in a new process and wait up to `timeout_ms` (negative:
 * no limit) for it to return. On GIRDER_OK *result is the value; on
 * GIRDER_EEXCEPTION it is {Class, Reason, Stacktrace} and
 * girder_last_error() has the report Erlang would print. On GIRDER_ETIMEOUT
 * the process is killed. */
GIRDER_API girder_status girder_call(girder_arena* a, const char* module, const char* function,
                                     const girder_term* args, size_t argc, int64_t timeout_ms, girder_term* result);
/* Spawn M:F(Args...); *pid (optional) receives its pid. */
GIRDER_API girder_status girder_spawn(girder_arena* a, const char* module, const char* function,
                                      const girder_term* args, size_t argc, girder_term* pid);
/* Send a copy of `message` to a pid or a registered name (an atom).
 * GIRDER_ENOPROC for a name nobody has; to a pid that is gone the message
 * is dropped and GIRDER_OK returned, as `!` does. */
GIRDER_API girder_status girder_send(girder_arena* a, girder_term to, girder_term message);
/* The pid registered under `name`, or GIRDER_ENOPROC. */
GIRDER_API girder_status girder_whereis(girder_arena* a, const char* name, girder_term* pid);

/* --------------------------------------------------------- mailboxes */

/* A host mailbox: a process Erlang code can send to (and link to,
 * monitor, register), whose messages the host receives. Exit signals from
 * links arrive as {'EXIT', Pid, Reason} messages. */
GIRDER_API girder_status girder_mailbox_new(girder_vm* vm, girder_mailbox** out);
/* Its pid, as a term of arena `a`. */
GIRDER_API girder_status girder_mailbox_pid(girder_mailbox* mb, girder_arena* a, girder_term* pid);
/* Take the oldest message into arena `a`, waiting up to `timeout_ms` (0:
 * do not wait; negative: no limit). GIRDER_ETIMEOUT when none came. */
GIRDER_API girder_status girder_mailbox_receive(girder_mailbox* mb, girder_arena* a, int64_t timeout_ms,
                                                girder_term* message);
/* A file descriptor that is readable while a message waits (for poll,
 * epoll, select or an event loop). Owned by the mailbox: do not read or
 * close it. -1 if the system has none. */
GIRDER_API int girder_mailbox_fd(girder_mailbox* mb);
/* Free the mailbox; its process exits with reason `normal`. NULL ignored. */
GIRDER_API void girder_mailbox_free(girder_mailbox* mb);

/* ----------------------------------------------------------- natives */

/* A C function Erlang code calls as Module:Function/Arity. It gets its
 * arguments as terms of `arena` (valid during the call) and returns
 * GIRDER_OK with *result set, or calls girder_native_raise() and returns
 * its status. Any other status raises error:badarg. It runs on a scheduler
 * thread (or the host thread in host-driven mode) and must not block for
 * long, nor call girder_call/girder_mailbox_receive on its own VM. */
typedef girder_status (*girder_native_fn)(girder_native_call* call, girder_arena* arena, const girder_term* args,
                                          size_t argc, girder_term* result);

/* Register a native before or after the VM started. The module holds only
 * natives (a module with Erlang code of that name is refused); registering
 * the same name and arity again replaces the function, a new version of
 * the module as with hot loading. */
GIRDER_API girder_status girder_register_native(girder_vm* vm, const char* module, const char* function,
                                                unsigned arity, girder_native_fn fn, void* userdata);
/* Inside a native: the userdata it was registered with. */
GIRDER_API void* girder_native_userdata(girder_native_call* call);
/* Inside a native: raise `class` (error, exit or throw) with `reason` (a
 * term of the call's arena) when the native returns. Returns
 * GIRDER_EEXCEPTION, for `return girder_native_raise(...)`. */
GIRDER_API girder_status girder_native_raise(girder_native_call* call, const char* error_class, girder_term reason);

#ifdef __cplusplus
}
#endif

#endif /* GIRDER_H */
