package mem

// Locate and SizeOf expose the chunk layout to the tests.
var Locate, SizeOf = locate, sizeOf
