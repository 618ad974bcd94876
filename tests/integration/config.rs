// tests of config
