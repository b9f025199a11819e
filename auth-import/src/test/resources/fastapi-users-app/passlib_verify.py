"""Verifies a password against a FastAPI-Users hash with passlib, as FastAPI-Users' password
helper does (CryptContext with bcrypt). Reads the hash and the password, one per line, from
stdin; answers "true" or "false"."""
import sys

from passlib.context import CryptContext

stored, password = sys.stdin.read().split("\n")[:2]
print("true" if CryptContext(schemes=["bcrypt"], deprecated="auto").verify(password, stored) else "false")
