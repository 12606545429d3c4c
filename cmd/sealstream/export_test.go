package main

// Main runs the command as main does.
var Main = main

// ValidJSON is validJSON, for its fuzz test.
var ValidJSON = validJSON
