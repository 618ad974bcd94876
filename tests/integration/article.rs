// tests of article
