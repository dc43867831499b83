gqlforge::gql! {
    {
        subscription(id: 1) {
            id
        }
    }
}

fn main() {}
