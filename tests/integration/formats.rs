// tests of formats
