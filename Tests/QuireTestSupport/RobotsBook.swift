import QuireIndex
import QuireMarkdown

/// Helpers for building `IndexPage`s by hand.
public func block(_ kind: Block.Kind, _ text: String, level: Int = 0, id: String? = nil, language: String? = nil, line: Int = 1) -> Block {
    Block(kind: kind, text: text, headingLevel: level, headingID: id, language: language, line: line)
}

public func h(_ level: Int, _ text: String, _ id: String) -> Block { block(.heading, text, level: level, id: id) }
public func p(_ text: String) -> Block { block(.paragraph, text) }

public func words(_ n: Int, seed: Int = 0) -> String {
    let vocab = ["robot", "joint", "torque", "sensor", "camera", "lidar", "planning", "control", "motor", "gripper",
                 "balance", "walking", "policy", "learning", "simulation", "physics", "actuator", "encoder", "frame", "pose"]
    var out: [String] = []
    var state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ 1
    for i in 0..<n {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        var w = vocab[Int((state >> 33) % UInt64(vocab.count))]
        if i % 12 == 11 { w += "." }
        out.append(w)
    }
    return out.joined(separator: " ")
}

/// The robots book shared by the index tests (and any other test target that needs pages):
/// kinematics, sensors, locomotion, ROS, with a long section, a table, code.
public func fixtureBook() -> [IndexPage] {
    let tableRows = ["Sensor | Range | Rate"] + (1...60).map { "Sensor model \($0) | \($0 * 3) m | \($0 * 10) Hz" }
    let codeLines = (1...120).map { "    publisher.publish(message_\($0))  # send frame \($0)" }
    return [
        IndexPage(source: "intro.md", url: "/docs/intro", title: "Introduction", description: "What the book covers", blocks: [
            h(1, "Introduction", "introduction"),
            p("This book teaches physical AI: robots that perceive, plan and act in the real world, unlike a chatbot in the cloud."),
            h(2, "Who this is for", "who-this-is-for"),
            p("Students who know some Python and want to build humanoid robots."),
        ]),
        IndexPage(source: "kinematics/02-inverse.md", url: "/docs/kinematics/inverse", title: "Inverse Kinematics", blocks: [
            h(1, "Inverse Kinematics", "inverse-kinematics"),
            p("Inverse kinematics finds joint angles that place the end effector at a desired pose."),
            h(2, "The Jacobian", "the-jacobian"),
            p("The Jacobian matrix relates joint velocities to end-effector velocities. Its pseudo-inverse gives a least-squares solution near singularities, and damping keeps the solution stable when the arm is stretched out."),
            p(words(700, seed: 1)),
            h(3, "Damped least squares", "damped-least-squares"),
            p("Damped least squares adds a small damping factor lambda to avoid huge joint velocities near singular configurations. The factor trades tracking accuracy for robustness: a larger lambda gives smoother motion but the end effector lags the target. Adaptive schemes raise lambda only close to a singularity, measured by the smallest singular value."),
        ]),
        IndexPage(source: "sensors/lidar.md", url: "/docs/sensors/lidar", title: "Lidar and Cameras", blocks: [
            h(1, "Lidar and Cameras", "lidar-and-cameras"),
            p("Lidar measures distance with laser pulses; cameras give color images."),
            h(2, "Comparison", "comparison"),
            block(.table, tableRows.joined(separator: "\n")),
            h(2, "Small table", "small-table"),
            block(.table, "Name | Value\nrange | 100 m\nrate | 10 Hz"),
        ]),
        IndexPage(source: "ros/publisher.md", url: "/docs/ros/publisher", title: "Writing a ROS 2 Publisher", blocks: [
            h(1, "Writing a ROS 2 Publisher", "writing-a-ros-2-publisher"),
            p("A ROS 2 node publishes messages on a topic with a publisher created by create_publisher."),
            h(2, "Short example", "short-example"),
            block(.code, "import rclpy\nnode = rclpy.create_node('talker')\npub = node.create_publisher(String, 'chatter', 10)", language: "python"),
            h(2, "Long example", "long-example"),
            block(.code, codeLines.joined(separator: "\n"), language: "python"),
        ]),
        IndexPage(source: "locomotion/balance.md", url: "/docs/locomotion/balance", title: "Balance and Walking", blocks: [
            h(1, "Balance and Walking", "balance-and-walking"),
            p("A humanoid keeps its balance by keeping the zero moment point inside the support polygon."),
            h(2, "Gait", "gait"),
            block(.list, "Stance phase: the foot is on the ground\nSwing phase: the foot moves forward\nDouble support: both feet on the ground"),
            h(2, "Tip", "tip"),
            p("Tip"),
            h(2, "Centroidal dynamics", "centroidal-dynamics"),
            p("Centroidal dynamics model the robot as its center of mass and angular momentum, which makes whole-body balance control tractable in real time."),
        ]),
    ]
}

/// The smaller robots book of the server tests: four pages, one fact each (the Jacobian, scan
/// rate, topics), so search and answer routes have a known best section.
public func smallRobotsBook() -> [IndexPage] {
    [
        IndexPage(source: "intro.md", url: "/docs/intro", title: "Introduction", blocks: [
            h(1, "Introduction", "introduction"),
            p("This book teaches physical AI: robots that perceive, plan and act in the real world."),
        ]),
        IndexPage(source: "kinematics/02-inverse.md", url: "/docs/kinematics/inverse", title: "Inverse Kinematics", blocks: [
            h(1, "Inverse Kinematics", "inverse-kinematics"),
            p("Inverse kinematics finds joint angles that place the end effector at a desired pose."),
            h(2, "The Jacobian", "the-jacobian"),
            p("The Jacobian matrix relates joint velocities to end-effector velocities. Damping keeps the pseudo-inverse stable near singularities."),
        ]),
        IndexPage(source: "sensors/lidar.md", url: "/docs/sensors/lidar", title: "LIDAR", blocks: [
            h(1, "LIDAR", "lidar"),
            p("A LIDAR sensor measures distance with laser pulses and builds a point cloud of the scene."),
            h(2, "Scan rate", "scan-rate"),
            p("Typical spinning LIDAR units scan at 10 to 20 Hz."),
        ]),
        IndexPage(source: "ros/topics.md", url: "/docs/ros/topics", title: "ROS 2 Topics", blocks: [
            h(1, "ROS 2 Topics", "ros-2-topics"),
            p("Nodes publish messages on topics and other nodes subscribe to them."),
        ]),
    ]
}
