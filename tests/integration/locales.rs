// tests of locales
