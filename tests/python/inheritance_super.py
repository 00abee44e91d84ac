# Inheritance: overriding, super(), multi-level, multiple inheritance (MRO),
# isinstance / issubclass, class attributes through the hierarchy.
class Animal:
    kind = "animal"
    legs = 4

    def __init__(self, name):
        self.name = name

    def speak(self):
        return "..."

    def intro(self):
        return f"{self.name} the {self.kind} says {self.speak()}"

class Dog(Animal):
    kind = "dog"

    def speak(self):
        return "Woof"

class Puppy(Dog):
    def __init__(self, name, age):
        super().__init__(name)
        self.age = age

    def speak(self):
        return super().speak() + "!" * self.age

class Bird(Animal):
    kind = "bird"
    legs = 2

    def __init__(self, name, can_fly=True):
        Animal.__init__(self, name)
        self.can_fly = can_fly

for a in [Animal("generic"), Dog("rex"), Puppy("bit", 3), Bird("tweety"), Bird("pingu", False)]:
    print(a.intro(), a.legs, getattr(a, "can_fly", None))
p = Puppy("bit", 2)
print(isinstance(p, Puppy), isinstance(p, Dog), isinstance(p, Animal), isinstance(p, Bird))
print(issubclass(Puppy, Animal), issubclass(Animal, Dog), issubclass(Dog, Dog), issubclass(Bird, (Dog, Animal)))
print(isinstance(p, (int, Bird)), isinstance(3, (int, str)), isinstance(True, int), issubclass(bool, int))

class A:
    def who(self):
        return ["A"]

class B(A):
    def who(self):
        return ["B"] + super().who()

class C(A):
    def who(self):
        return ["C"] + super().who()

class D(B, C):
    def who(self):
        return ["D"] + super().who()

print(D().who())

class Base:
    def __init__(self):
        self.log = ["Base"]

    def template(self):
        return self.step1() + "-" + self.step2()

    def step1(self):
        return "base1"

    def step2(self):
        return "base2"

class Derived(Base):
    def __init__(self):
        super().__init__()
        self.log.append("Derived")

    def step2(self):
        return "derived2"

d = Derived()
print(d.log, d.template())

class Shape:
    def area(self):
        raise NotImplementedError("subclass must implement area")

class Sq(Shape):
    def __init__(self, s):
        self.s = s

    def area(self):
        return self.s ** 2

shapes = [Sq(2), Sq(3)]
print([s.area() for s in shapes], sum(s.area() for s in shapes))
try:
    Shape().area()
except NotImplementedError as e:
    print("NotImplementedError:", e)
print(Dog.kind, Puppy.kind, Puppy.legs)
