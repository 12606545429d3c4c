package stream

// SetPipelined switches event reads between the pipelined and the serial
// path, for benchmarks; it returns the previous setting.
func SetPipelined(on bool) bool { was := pipelined; pipelined = on; return was }
