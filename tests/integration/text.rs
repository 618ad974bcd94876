// tests of text
