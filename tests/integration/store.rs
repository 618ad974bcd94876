// tests of store
