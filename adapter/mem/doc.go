// Package mem is the in-memory adapter, the embedded default of sealstream
// (URL "" or "mem://"). Nothing persists: the logs live as long as the
// adapter. Logs opened twice for one stream ID share their records.
// [Adapter.Streams] lists the streams holding records, in ID order;
// [Adapter.Erase] drops a stream's records and closes its handles.
package mem
