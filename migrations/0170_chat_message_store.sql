-- A thread's messages, one row each, appended as turns end: a turn writes its own messages, and
-- the transcript and the model's recent history are read back in pages, so neither grows with the
-- thread. The checkpoint keeps only the turn in progress (the turn a card waits in).
create table chat_messages (
  seq bigserial primary key,
  thread_id uuid not null references chat_threads (id) on delete cascade,
  message_id text not null,
  -- user | assistant | tool, or call: a model step that only called tools (not in the transcript).
  role text not null check (role in ('user', 'assistant', 'tool', 'call')),
  content text not null,
  tool_name text,
  -- A short, literal extract for the summary of earlier turns (a request, a tool and its outcome).
  gist text,
  -- The LangChain message as stored (type and fields), for the model's history.
  message jsonb not null,
  created_at timestamptz not null default now(),
  unique (thread_id, message_id)
);
create index chat_messages_thread_idx on chat_messages (thread_id, seq);
create index chat_messages_thread_user_idx on chat_messages (thread_id, seq) where role = 'user';

-- What a thread's checkpoint holds, kept on its row so a turn need not read the checkpoint to know
-- it: the proposal the graph waits on, and whether the row and the message store reflect the
-- checkpoint (settled). Threads from before this change are not settled: their history is still
-- only in the checkpoint, and is copied into chat_messages the first time they are read.
alter table chat_threads add column waiting_on text;
alter table chat_threads add column settled boolean not null default false;

alter table chat_messages enable row level security;
revoke all on table chat_messages from anon, authenticated;
