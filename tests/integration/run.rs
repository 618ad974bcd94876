// tests of run
